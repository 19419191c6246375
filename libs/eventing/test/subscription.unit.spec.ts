import type { RecordedEvent } from '../src/event';
import { CatchUpSubscription } from '../src/subscription';
import { handleCommand } from '../src/command-handler';
import type { Command, Decider, DomainEvent } from '../src/decider';
import { InMemoryCheckpointStore, InMemoryEventStore } from '../src/testkit/in-memory-event-store';
import { PoisonEventError } from '../src/poison';

type Note = Command<'Note', { text: string }>;
type Noted = DomainEvent<'Noted', { text: string }>;
const notes: Decider<Note, Noted, null> = {
  initialState: () => null,
  decide: (command) => [{ type: 'Noted', version: 1, data: { text: command.data.text } }],
  evolve: (state) => state,
};
const note = (store: InMemoryEventStore, stream: string, text: string) =>
  handleCommand(store, notes, stream, {
    type: 'Note',
    data: { text },
    metadata: { commandId: `${stream}-${text}`, correlationId: 'c', actor: { subject: 's', roles: [] }, now: '2026-11-24T10:00:00.000Z' },
  });

describe('catch-up subscription', () => {
  it('delivers every event in log order and resumes after its checkpoint', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const seen: string[] = [];
    const make = () =>
      new CatchUpSubscription({ name: 'test.notes', store, checkpoints, handler: async (e: RecordedEvent) => void seen.push(String(e.data.text)) });
    await note(store, 'note-a', 'one');
    await note(store, 'note-b', 'two');
    const first = make();
    await first.start();
    await first.caughtUp(await store.headPosition());
    await first.stop();
    await note(store, 'note-a', 'three');
    const second = make();
    await second.start();
    await second.caughtUp(await store.headPosition());
    await second.stop();
    expect(seen).toEqual(['one', 'two', 'three']);
  });

  it('dead-letters an event its handler refuses as poison and moves on', async () => {
    const store = new InMemoryEventStore();
    const deadLetters: string[] = [];
    const seen: string[] = [];
    const subscription = new CatchUpSubscription({
      name: 'test.poison',
      store,
      checkpoints: new InMemoryCheckpointStore(),
      handler: async (e) => {
        if (e.data.text === 'poison') throw new PoisonEventError('cannot digest');
        seen.push(String(e.data.text));
      },
      deadLetter: async (e, name, reason) => void deadLetters.push(`${name}:${String(e.data.text)}:${reason}`),
    });
    await note(store, 'note-a', 'poison');
    await note(store, 'note-a', 'fine');
    await subscription.start();
    await subscription.caughtUp(await store.headPosition());
    await subscription.stop();
    expect(deadLetters).toEqual(['test.poison:poison:cannot digest']);
    expect(seen).toEqual(['fine']);
  });

  it('skips events it does not accept but still advances past them', async () => {
    const store = new InMemoryEventStore();
    const seen: string[] = [];
    const subscription = new CatchUpSubscription({
      name: 'test.filter',
      store,
      checkpoints: new InMemoryCheckpointStore(),
      accepts: (e) => e.streamId.startsWith('note-b'),
      handler: async (e) => void seen.push(String(e.data.text)),
    });
    await note(store, 'note-a', 'ignored');
    await note(store, 'note-b', 'kept');
    await subscription.start();
    await subscription.caughtUp(await store.headPosition());
    expect(subscription.status()).toMatchObject({ running: true, position: await store.headPosition() });
    await subscription.stop();
    expect(seen).toEqual(['kept']);
  });

  it('retries an infrastructure error with growing backoff, never dead-letters it, and reports the stall meanwhile', async () => {
    const store = new InMemoryEventStore();
    const deadLetters: string[] = [];
    const seen: string[] = [];
    const delays: number[] = [];
    let failures = 0;
    let statusWhileWaiting: ReturnType<CatchUpSubscription['status']> | undefined;
    const subscription: CatchUpSubscription = new CatchUpSubscription({
      name: 'test.outage',
      store,
      checkpoints: new InMemoryCheckpointStore(),
      retry: {
        backoff: (attempt) => 100 * 2 ** (attempt - 1),
        sleep: async (ms) => {
          delays.push(ms);
          statusWhileWaiting = subscription.status();
        },
      },
      handler: async (e) => {
        if (e.data.text === 'first' && failures < 4) {
          failures++;
          throw new Error('connect ECONNREFUSED 127.0.0.1:27017');
        }
        seen.push(String(e.data.text));
      },
      deadLetter: async (e) => void deadLetters.push(String(e.data.text)),
    });
    await note(store, 'note-a', 'first');
    await note(store, 'note-a', 'second');
    await subscription.start();
    await subscription.caughtUp(await store.headPosition());
    await subscription.stop();
    expect(deadLetters).toEqual([]);
    expect(seen).toEqual(['first', 'second']);
    expect(delays).toEqual([100, 200, 400, 800]);
    expect(statusWhileWaiting?.lastError).toBe('Noted@note-a/0: connect ECONNREFUSED 127.0.0.1:27017 (attempt 4, retrying in 800 ms)');
    expect(statusWhileWaiting?.stalledForMs).toBeGreaterThanOrEqual(0);
    expect(subscription.status().lastError).toBeUndefined();
  });

  it('does not move past an event whose handler keeps failing, and stops promptly while waiting to retry', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const deadLetters: string[] = [];
    let attempts = 0;
    let stopRequested: () => void = () => undefined;
    const retrying = new Promise<void>((resolve) => (stopRequested = resolve));
    const subscription = new CatchUpSubscription({
      name: 'test.down',
      store,
      checkpoints,
      // A wait that never ends by itself: only stop() can cut it short.
      retry: {
        backoff: () => 3_600_000,
        sleep: () => {
          stopRequested();
          return new Promise<void>(() => undefined);
        },
      },
      handler: async () => {
        attempts++;
        throw new Error('timed out');
      },
      deadLetter: async (e) => void deadLetters.push(e.eventId),
    });
    await note(store, 'note-a', 'one');
    await subscription.start();
    await retrying;
    expect(subscription.status().lastError).toBe('Noted@note-a/0: timed out (attempt 1, retrying in 3600000 ms)');
    await subscription.stop();
    expect(attempts).toBe(1);
    expect(deadLetters).toEqual([]);
    expect(await checkpoints.load('test.down')).toBeUndefined();
  });
});
