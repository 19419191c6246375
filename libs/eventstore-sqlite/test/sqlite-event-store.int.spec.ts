import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/sqlite-event-store';
import { describeEventStoreContract } from '../../eventing/test/event-store.contract';
import { anEvent, aStreamId } from '../../eventing/test/event-builders';

const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-sqlite-'));
  return { file: join(dir, 'events.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

describeEventStoreContract('SQLite', async () => {
  const { file, cleanup } = tempFile();
  const store = await SqliteEventStore.open({ file });
  return {
    store,
    dispose: async () => {
      await store.close();
      cleanup();
    },
  };
});

describe('SQLite event store', () => {
  it('groups concurrent appends into few transactions (group commit)', async () => {
    const { file, cleanup } = tempFile();
    const store = await SqliteEventStore.open({ file });
    await Promise.all(Array.from({ length: 200 }, () => store.append(aStreamId(), [anEvent()], 'no_stream')));
    expect(store.stats().appends).toBe(200);
    expect(store.stats().transactions).toBeLessThan(20);
    await store.close();
    cleanup();
  });

  it('keeps a failing append from failing the others in the same batch', async () => {
    const { file, cleanup } = tempFile();
    const store = await SqliteEventStore.open({ file });
    const taken = aStreamId();
    await store.append(taken, [anEvent()], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append(aStreamId(), [anEvent()], 'no_stream'),
      store.append(taken, [anEvent(), anEvent()], 'no_stream'),
      store.append(aStreamId(), [anEvent()], 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.readStream(taken)).toHaveLength(1);
    await store.close();
    cleanup();
  });

  it('keeps everything across close and reopen', async () => {
    const { file, cleanup } = tempFile();
    const stream = aStreamId();
    const first = await SqliteEventStore.open({ file });
    await first.append(stream, [anEvent(), anEvent()], 'no_stream');
    await first.close();
    const second = await SqliteEventStore.open({ file });
    expect(await second.readStream(stream)).toHaveLength(2);
    expect((await second.append(stream, [anEvent()], 1n)).nextExpectedRevision).toBe(2n);
    await second.close();
    cleanup();
  });

  it('stores checkpoints durably', async () => {
    const { file, cleanup } = tempFile();
    const store = await SqliteEventStore.open({ file });
    const checkpoints = store.checkpoints();
    expect(await checkpoints.load('relay')).toBeUndefined();
    await checkpoints.save('relay', 41n);
    await checkpoints.save('relay', 42n);
    await store.close();
    const reopened = await SqliteEventStore.open({ file });
    expect(await reopened.checkpoints().load('relay')).toBe(42n);
    await reopened.close();
    cleanup();
  });
});
