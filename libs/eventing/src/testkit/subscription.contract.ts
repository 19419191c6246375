import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent, Subscription } from '..';
import { deterministicEventId } from '../event-ids';
import { PoisonEventError } from '../poison';

export interface SubscriptionHarness {
  store: EventStore;
  /**
   * A subscription named `name` over the store's `organization-*` streams, as the adapter runs
   * it (embedded: over the log; Kafka: through the relay and a consumer group). A poison
   * event's id must be reported through `deadLetters`; other failures must be retried.
   */
  subscribe(name: string, handler: (event: RecordedEvent) => Promise<void>, deadLetters: string[]): Promise<Subscription>;
  dispose(): Promise<void>;
}

const appendTo = async (store: EventStore, streamId: string, count: number, type = 'OrganizationProfileAmended') => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event: NewEvent = {
      eventId: deterministicEventId(streamId, randomUUID(), 0),
      type,
      version: 1,
      data: { i },
      metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: [] }, schemaVersion: 1, prevHash: '', hash: 'h', occurredAt: 'now' },
    };
    await store.append(streamId, [event], 'any');
    ids.push(event.eventId);
  }
  return ids;
};

/**
 * The one contract every Subscription adapter passes: checkpointed, at-least-once, ordered per
 * stream, a poison event never blocks what comes after it, and an outage never skips one.
 */
export const describeSubscriptionContract = (adapterName: string, makeHarness: () => Promise<SubscriptionHarness>): void => {
  describe(`Subscription contract: ${adapterName}`, () => {
    let harness: SubscriptionHarness;
    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(async () => {
      await harness.dispose();
    });

    it('delivers every event, in order within each stream', async () => {
      const a = `organization-${randomUUID()}`;
      const b = `organization-${randomUUID()}`;
      const seen: RecordedEvent[] = [];
      const subscription = await harness.subscribe(`contract-${randomUUID()}`, async (e) => void seen.push(e), []);
      const ids = [...(await appendTo(harness.store, a, 5)), ...(await appendTo(harness.store, b, 5)), ...(await appendTo(harness.store, a, 5))];
      await subscription.caughtUp(await harness.store.headPosition(), 30_000);
      await subscription.stop();
      expect(new Set(seen.map((e) => e.eventId))).toEqual(new Set(ids));
      for (const stream of [a, b]) {
        const revisions = seen.filter((e) => e.streamId === stream).map((e) => e.streamRevision);
        expect(revisions).toEqual([...revisions].sort((x, y) => (x < y ? -1 : 1)));
      }
    });

    it('resumes after its checkpoint when started again under the same name', async () => {
      const name = `contract-${randomUUID()}`;
      const stream = `organization-${randomUUID()}`;
      const first: string[] = [];
      const one = await harness.subscribe(name, async (e) => void first.push(e.eventId), []);
      const before = await appendTo(harness.store, stream, 3);
      await one.caughtUp(await harness.store.headPosition(), 30_000);
      await one.stop();
      const after = await appendTo(harness.store, stream, 3);
      const second: string[] = [];
      const two = await harness.subscribe(name, async (e) => void second.push(e.eventId), []);
      await two.caughtUp(await harness.store.headPosition(), 30_000);
      await two.stop();
      expect(first).toEqual(expect.arrayContaining(before));
      // At-least-once: a redelivery of an earlier event is allowed, a gap is not.
      expect(second).toEqual(expect.arrayContaining(after));
    });

    it('dead-letters an event its handler refuses as poison and goes on with the next', async () => {
      const stream = `organization-${randomUUID()}`;
      const [poison] = await appendTo(harness.store, stream, 1, 'OrganizationRejected');
      const good = await appendTo(harness.store, stream, 2);
      const handled: string[] = [];
      const deadLetters: string[] = [];
      const subscription = await harness.subscribe(
        `contract-${randomUUID()}`,
        async (e) => {
          if (e.eventId === poison) throw new PoisonEventError('poison');
          handled.push(e.eventId);
        },
        deadLetters,
      );
      await subscription.caughtUp(await harness.store.headPosition(), 30_000);
      await subscription.stop();
      expect(handled).toEqual(expect.arrayContaining(good));
      expect(handled).not.toContain(poison);
      expect(deadLetters).toEqual([poison]);
    });

    it('retries an event while the handler fails for another reason, dead-letters nothing and skips nothing', async () => {
      const stream = `organization-${randomUUID()}`;
      const [blocked, ...after] = await appendTo(harness.store, stream, 3);
      const handled: string[] = [];
      const deadLetters: string[] = [];
      const statusWhileFailing: { lastError?: string; stalledForMs: number }[] = [];
      let failures = 0;
      let subscription: Subscription | undefined;
      subscription = await harness.subscribe(
        `contract-${randomUUID()}`,
        async (e) => {
          if (e.eventId === blocked && failures < 3) {
            if (failures > 0 && subscription) statusWhileFailing.push(subscription.status());
            failures++;
            throw new Error('connect ECONNREFUSED 127.0.0.1:27017');
          }
          handled.push(e.eventId);
        },
        deadLetters,
      );
      await subscription.caughtUp(await harness.store.headPosition(), 30_000);
      await subscription.stop();
      expect(deadLetters).toEqual([]);
      expect(failures).toBe(3);
      expect(handled).toEqual([blocked, ...after]);
      expect(statusWhileFailing.at(-1)?.lastError).toContain('ECONNREFUSED');
    });
  });
};
