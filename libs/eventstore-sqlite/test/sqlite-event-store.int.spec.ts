import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/sqlite-event-store';
import { describeEventStoreContract } from '@csm/eventing/testkit';
import { describeCheckpointStoreContract } from '@csm/eventing/testkit';
import { anEvent, aStreamId } from '@csm/eventing/testkit';

/** A fresh database file in its own temporary directory, removed by `cleanup`. */
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-sqlite-'));
  return { file: join(dir, 'nested', 'events.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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

describeCheckpointStoreContract('SQLite', async () => {
  const { file, cleanup } = tempFile();
  const store = await SqliteEventStore.open({ file });
  return {
    checkpoints: store.checkpoints(),
    dispose: async () => {
      await store.close();
      cleanup();
    },
  };
});

describe('SQLite event store', () => {
  let file: string;
  let cleanup: () => void;
  let store: SqliteEventStore;

  beforeEach(async () => {
    ({ file, cleanup } = tempFile());
    store = await SqliteEventStore.open({ file });
  });
  afterEach(async () => {
    await store.close();
    cleanup();
  });

  it('commits concurrent appends together: 200 appends in fewer than 20 transactions (group commit)', async () => {
    const before = store.stats();
    await Promise.all(Array.from({ length: 200 }, () => store.append(aStreamId(), [anEvent()], 'no_stream')));
    const after = store.stats();
    expect(after.appends - before.appends).toBe(200);
    expect(after.transactions - before.transactions).toBeLessThan(20);
  });

  it('checks each append of a batch against the appends before it in the same batch', async () => {
    const stream = aStreamId();
    const before = store.stats().transactions;
    const results = await Promise.all([
      store.append(stream, [anEvent()], 'no_stream'),
      store.append(stream, [anEvent()], 0n),
      store.append(stream, [anEvent(), anEvent()], 1n),
    ]);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([0n, 1n, 3n]);
    expect(store.stats().transactions - before).toBe(1);
  });

  it('rejects only the failing append of a batch; the others commit', async () => {
    const taken = aStreamId();
    await store.append(taken, [anEvent()], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append(aStreamId(), [anEvent()], 'no_stream'),
      store.append(taken, [anEvent(), anEvent()], 'no_stream'),
      store.append(aStreamId(), [anEvent()], 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.readStream(taken)).toHaveLength(1);
  });

  it('recognises a retry arriving in the same batch as the original', async () => {
    const stream = aStreamId();
    const events = [anEvent(), anEvent()];
    const [first, retry] = await Promise.all([store.append(stream, events, 'no_stream'), store.append(stream, events, 'no_stream')]);
    expect(retry).toEqual({ ...first, alreadyStored: true });
    expect(first.alreadyStored).toBe(false);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('rolls back a whole append whose later event id is already stored elsewhere', async () => {
    const stored = anEvent();
    await store.append(aStreamId(), [stored], 'no_stream');
    const stream = aStreamId();
    await expect(store.append(stream, [anEvent(), stored], 'no_stream')).rejects.toMatchObject({ name: 'DuplicateEventIdError', eventId: stored.eventId });
    expect(await store.readStream(stream)).toEqual([]);
  });

  it('answers appends still queued when closed, and refuses appends after', async () => {
    const stream = aStreamId();
    const pending = store.append(stream, [anEvent()], 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0n });
    await expect(store.append(stream, [anEvent()], 0n)).rejects.toThrow('closed');
    store = await SqliteEventStore.open({ file });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('keeps events, positions and checkpoints across close and reopen', async () => {
    const stream = aStreamId();
    const { position } = await store.append(stream, [anEvent(), anEvent()], 'no_stream');
    await store.checkpoints().save('relay', position);
    await store.close();

    store = await SqliteEventStore.open({ file });
    expect((await store.readStream(stream)).map((e) => e.streamRevision)).toEqual([0n, 1n]);
    expect(await store.headPosition()).toBe(position);
    expect(await store.checkpoints().load('relay')).toBe(position);
    const next = await store.append(stream, [anEvent()], 1n);
    expect(next.nextExpectedRevision).toBe(2n);
    expect(next.position > position).toBe(true);
  });
});
