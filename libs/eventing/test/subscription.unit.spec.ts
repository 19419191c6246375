import type { RecordedEvent } from '../src/event';
import { CatchUpSubscription } from '../src/subscription';
import { handleCommand } from '../src/command-handler';
import type { Command, Decider, DomainEvent } from '../src/decider';
import { InMemoryCheckpointStore, InMemoryEventStore } from '../src/testkit/in-memory-event-store';

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

  it('dead-letters an event whose handler keeps failing and moves on', async () => {
    const store = new InMemoryEventStore();
    const deadLetters: string[] = [];
    const seen: string[] = [];
    const subscription = new CatchUpSubscription({
      name: 'test.poison',
      store,
      checkpoints: new InMemoryCheckpointStore(),
      maxAttempts: 2,
      handler: async (e) => {
        if (e.data.text === 'poison') throw new Error('cannot digest');
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
});
