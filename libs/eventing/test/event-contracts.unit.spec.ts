import { z } from 'zod';
import { checkedEventStore, EventContractError, EventContracts, type Upcaster } from '../src/event-contracts';
import { handleCommand } from '../src/command-handler';
import { CatchUpSubscription } from '../src/subscription';
import { InMemoryCheckpointStore } from '../src/in-memory-checkpoint-store';
import { verifyChain } from '../src/hash-chain';
import type { Decider, Command } from '../src/decider';
import type { RecordedEvent } from '../src/event';
import { InMemoryEventStore } from '../src/testkit';

/** A small published language: `Greeted` v1 named the person in clear; v2 only says who by id. */
const GreetedV1 = z.object({ type: z.literal('Greeted'), version: z.literal(1), data: z.object({ counterId: z.string(), name: z.string().min(1) }) });
const GreetedV2 = z.object({ type: z.literal('Greeted'), version: z.literal(2), data: z.object({ counterId: z.string(), personId: z.string().regex(/^p-/) }) });
const greetedV1toV2: Upcaster = { type: 'Greeted', fromVersion: 1, toVersion: 2, upcast: ({ name, ...rest }) => ({ ...rest, personId: `p-${String(name).toLowerCase()}` }) };
const contracts = new EventContracts({ schemas: [GreetedV1, GreetedV2], upcasters: [greetedV1toV2] });

type Greet = Command<'Greet', { personId: string }>;
type Greeted = { type: 'Greeted'; version: number; data: Record<string, unknown> };
const greeter: Decider<Greet, Greeted, string[]> = {
  initialState: () => [],
  decide: (command, greeted) => (greeted.includes(command.data.personId) ? [] : [{ type: 'Greeted', version: 2, data: { counterId: 'c', personId: command.data.personId } }]),
  evolve: (greeted, event) => [...greeted, String((event.data as { personId: string }).personId)],
};
const metadata = (commandId: string) => ({ commandId, correlationId: commandId, actor: { subject: 's', roles: [] }, now: '2026-11-25T10:00:00.000Z' });

/** Appends a v1 event as an older release of the code did, straight to the store (hash chain included). */
const storeOldV1 = async (store: InMemoryEventStore, name: string) => {
  const legacy = new EventContracts({ schemas: [GreetedV1] });
  const legacyDecider: Decider<Greet, Greeted, null> = {
    initialState: () => null,
    decide: () => [{ type: 'Greeted', version: 1, data: { counterId: 'c', name } }],
    evolve: (s) => s,
  };
  await handleCommand(checkedEventStore(store, legacy), legacyDecider, 'greeter-1', { type: 'Greet', data: { personId: '' }, metadata: metadata(`old-${name}`) });
};

describe('event contracts', () => {
  it('refuses on append an event whose data does not parse, and appends nothing', async () => {
    const inner = new InMemoryEventStore();
    const broken: Decider<Greet, Greeted, null> = {
      initialState: () => null,
      decide: () => [{ type: 'Greeted', version: 2, data: { counterId: 'c', personId: 'no-prefix' } }],
      evolve: (s) => s,
    };
    const attempt = handleCommand(checkedEventStore(inner, contracts), broken, 'greeter-1', { type: 'Greet', data: { personId: 'x' }, metadata: metadata('cmd-1') });
    await expect(attempt).rejects.toThrow(EventContractError);
    await expect(attempt).rejects.toMatchObject({ phase: 'append', eventType: 'Greeted', issues: [expect.objectContaining({ path: 'data.personId' })] });
    expect(await inner.readStream('greeter-1')).toEqual([]);
  });

  it('refuses on append an unknown type and a version older than the current one', () => {
    expect(() => contracts.checkNew({ type: 'Waved', version: 1, data: {} })).toThrow(/unknown event type/);
    expect(() => contracts.checkNew({ type: 'Greeted', version: 1, data: { counterId: 'c', name: 'Amina' } })).toThrow(/new events are written at v2/);
  });

  it('reads a stored v1 as v2 through the upcaster, keeping what was stored for the hash chain', async () => {
    const inner = new InMemoryEventStore();
    await storeOldV1(inner, 'Amina');
    const [read] = await checkedEventStore(inner, contracts).readStream('greeter-1');
    expect(read).toMatchObject({ type: 'Greeted', version: 2, data: { counterId: 'c', personId: 'p-amina' } });
    expect(read!.data).not.toHaveProperty('name');
    expect(read!.storedAs).toEqual({ version: 1, data: { counterId: 'c', name: 'Amina' } });
    expect(verifyChain([read!])).toMatchObject({ intact: true });
  });

  it('lets a decider decide on upcast history: a person greeted in v1 is not greeted again', async () => {
    const inner = new InMemoryEventStore();
    await storeOldV1(inner, 'Amina');
    const store = checkedEventStore(inner, contracts);
    const again = await handleCommand(store, greeter, 'greeter-1', { type: 'Greet', data: { personId: 'p-amina' }, metadata: metadata('cmd-2') });
    expect(again.appended).toBe(0);
    const other = await handleCommand(store, greeter, 'greeter-1', { type: 'Greet', data: { personId: 'p-baraka' }, metadata: metadata('cmd-3') });
    expect(other.appended).toBe(1);
    expect(verifyChain(await store.readStream('greeter-1'))).toMatchObject({ intact: true, length: 2 });
  });

  it('gives a subscription each accepted event upcast and parsed', async () => {
    const inner = new InMemoryEventStore();
    await storeOldV1(inner, 'Amina');
    const seen: RecordedEvent[] = [];
    const subscription = new CatchUpSubscription({
      name: 'greetings',
      store: inner,
      checkpoints: new InMemoryCheckpointStore(),
      read: (event) => contracts.read(event),
      handler: async (event) => {
        seen.push(event);
      },
    });
    await subscription.start();
    await subscription.caughtUp(await inner.headPosition());
    await subscription.stop();
    expect(seen.map((e) => [e.version, e.data])).toEqual([[2, { counterId: 'c', personId: 'p-amina' }]]);
  });

  it('hands a subscription’s poison event to the dead-letter sink as an EventContractError, and moves on', async () => {
    const inner = new InMemoryEventStore();
    await storeOldV1(inner, 'Amina');
    const poisonContracts = new EventContracts({ schemas: [GreetedV1.extend({ data: z.object({ counterId: z.string(), name: z.string().max(2) }) }), GreetedV2], upcasters: [greetedV1toV2] });
    const deadLetters: string[] = [];
    const subscription = new CatchUpSubscription({
      name: 'greetings',
      store: inner,
      checkpoints: new InMemoryCheckpointStore(),
      read: (event) => poisonContracts.read(event),
      handler: async () => undefined,
      deadLetter: async (_event, _name, reason) => {
        deadLetters.push(reason);
      },
    });
    await subscription.start();
    await subscription.caughtUp(await inner.headPosition());
    await subscription.stop();
    expect(deadLetters).toEqual([expect.stringMatching(/^Greeted v1 in greeter-1@0 does not match its contract \(read\): data\.name/)]);
  });

  it('throws EventContractError, naming the stream and revision, for a stored event that can never be read', async () => {
    const inner = new InMemoryEventStore();
    await storeOldV1(inner, 'Amina');
    const [stored] = await inner.readStream('greeter-1');
    const poison = { ...stored!, data: { counterId: 'c' } };
    expect(() => contracts.read(poison)).toThrow(EventContractError);
    expect(() => contracts.read(poison)).toThrow(/Greeted v1 in greeter-1@0 does not match its contract \(read\): data.name/);
    expect(() => contracts.read({ ...stored!, type: 'Waved' })).toThrow(/no schema/);
  });

  it('refuses an upcaster to a version without a schema', () => {
    expect(() => new EventContracts({ schemas: [GreetedV1], upcasters: [greetedV1toV2] })).toThrow(/no schema/);
  });
});
