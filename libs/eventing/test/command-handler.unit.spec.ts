import { DomainError } from '../src/domain-error';
import type { Command, Decider, DomainEvent } from '../src/decider';
import type { EventStore, ExpectedRevision } from '../src/event-store.port';
import type { NewEvent } from '../src/event';
import { handleCommand, PreconditionFailedError } from '../src/command-handler';
import { deterministicEventId } from '../src/event-ids';
import { verifyChain } from '../src/hash-chain';
import { InMemoryEventStore } from '../src/testkit/in-memory-event-store';

/** A counter that can be incremented up to a limit: small enough to see every rule at once. */
type Add = Command<'Add', { amount: number }>;
type Added = DomainEvent<'Added', { amount: number }>;
const counter: Decider<Add, Added, { total: number }> = {
  initialState: () => ({ total: 0 }),
  decide: (command, state) => {
    if (state.total + command.data.amount > 10) throw new DomainError('counter.limit', 'Over the limit');
    return [{ type: 'Added', version: 1, data: { amount: command.data.amount } }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
};

const add = (amount: number, commandId: string): Add => ({
  type: 'Add',
  data: { amount },
  metadata: { commandId, correlationId: commandId, actor: { subject: 'u1', roles: ['partner'] }, now: '2026-11-24T10:00:00.000Z' },
});

describe('handleCommand', () => {
  it('appends the decided events with ids derived from the command and a hash chain', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, counter, 'counter-1', add(2, 'c1'));
    const result = await handleCommand(store, counter, 'counter-1', add(3, 'c2'));
    expect(result).toMatchObject({ revision: 1n, appended: 1, replayed: false });
    const events = await store.readStream('counter-1');
    expect(events.map((e) => e.eventId)).toEqual([deterministicEventId('counter-1', 'c1', 0), deterministicEventId('counter-1', 'c2', 0)]);
    expect(events[1]!.metadata).toMatchObject({ actor: { subject: 'u1' }, correlationId: 'c2', schemaVersion: 1, prevHash: events[0]!.metadata.hash });
    expect(verifyChain(events)).toMatchObject({ intact: true, length: 2 });
  });

  it('appends nothing when the same command is handled again', async () => {
    const store = new InMemoryEventStore();
    const first = await handleCommand(store, counter, 'counter-1', add(2, 'c1'));
    await handleCommand(store, counter, 'counter-1', add(1, 'c2'));
    const retry = await handleCommand(store, counter, 'counter-1', add(2, 'c1'));
    expect(retry).toEqual({ ...first, appended: 0, replayed: true });
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('refuses a command id reused for a different request', async () => {
    const store = new InMemoryEventStore();
    const first = add(2, 'c1');
    await handleCommand(store, counter, 'counter-1', { ...first, metadata: { ...first.metadata, requestHash: 'aaa' } });
    const reused = add(3, 'c1');
    await expect(handleCommand(store, counter, 'counter-1', { ...reused, metadata: { ...reused.metadata, requestHash: 'bbb' } })).rejects.toMatchObject({
      code: 'command.idempotency-key-reused',
    });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  const withFingerprint = (command: Add, requestHash: string): Add => ({ ...command, metadata: { ...command.metadata, requestHash } });

  it('refuses the loser of two concurrent requests with one command id and different fingerprints; records only the winner', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, counter, 'counter-1', add(1, 'c0'));
    const outcomes = await Promise.allSettled([
      handleCommand(store, counter, 'counter-1', withFingerprint(add(2, 'c1'), 'two')),
      handleCommand(store, counter, 'counter-1', withFingerprint(add(3, 'c1'), 'three')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[0] as PromiseFulfilledResult<unknown>).value).toMatchObject({ replayed: false, appended: 1 });
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'command.idempotency-key-reused' });
    expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([{ amount: 1 }, { amount: 2 }]);
  });

  it('answers exactly one of concurrent identical requests as new and the others as replays of it', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, counter, 'counter-1', add(1, 'c0'));
    const results = await Promise.all([1, 2, 3].map(() => handleCommand(store, counter, 'counter-1', withFingerprint(add(2, 'c1'), 'two'))));
    expect(results.map((r) => r.replayed)).toEqual([false, true, true]);
    expect(new Set(results.map((r) => r.position)).size).toBe(1);
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('refuses a stale If-Match', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, counter, 'counter-1', add(1, 'c1'));
    await handleCommand(store, counter, 'counter-1', add(1, 'c2'));
    await expect(handleCommand(store, counter, 'counter-1', add(1, 'c3'), { ifMatchRevision: 0n })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(handleCommand(store, counter, 'counter-1', add(1, 'c3'), { ifMatchRevision: 1n })).resolves.toMatchObject({ revision: 2n });
  });

  /** Lets another writer slip in an append just before ours, once. */
  const racingStore = (inner: EventStore, intruder: () => Promise<void>): EventStore => {
    let raced = false;
    return new Proxy(inner, {
      get(target, property, receiver) {
        if (property !== 'append') return Reflect.get(target, property, receiver);
        return async (streamId: string, events: NewEvent[], expected: ExpectedRevision) => {
          if (!raced) {
            raced = true;
            await intruder();
          }
          return target.append(streamId, events, expected);
        };
      },
    });
  };

  it('retries a concurrency conflict through the decider, so both commands apply in order', async () => {
    const inner = new InMemoryEventStore();
    const store = racingStore(inner, async () => {
      await handleCommand(inner, counter, 'counter-1', add(4, 'other'));
    });
    const result = await handleCommand(store, counter, 'counter-1', add(5, 'mine'));
    expect(result.revision).toBe(1n);
    expect((await inner.readStream('counter-1')).map((e) => e.data)).toEqual([{ amount: 4 }, { amount: 5 }]);
  });

  it('surfaces the rule when the decision no longer holds after a conflict', async () => {
    const inner = new InMemoryEventStore();
    const store = racingStore(inner, async () => {
      await handleCommand(inner, counter, 'counter-1', add(8, 'other'));
    });
    await expect(handleCommand(store, counter, 'counter-1', add(5, 'mine'))).rejects.toMatchObject({ code: 'counter.limit' });
    expect(await inner.readStream('counter-1')).toHaveLength(1);
  });

  it('appends nothing when the decider decides nothing', async () => {
    const store = new InMemoryEventStore();
    const noop: Decider<Add, Added, { total: number }> = { ...counter, decide: () => [] };
    expect(await handleCommand(store, noop, 'counter-1', add(1, 'c1'))).toMatchObject({ revision: -1n, appended: 0 });
    expect(await store.headPosition()).toBe(-1n);
  });
});
