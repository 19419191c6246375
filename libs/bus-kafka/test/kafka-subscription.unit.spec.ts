import type { EachMessagePayload, Kafka, Message } from 'kafkajs';
import { PoisonEventError, readModelStreamRevisions, SubscriptionStoppedError, type RecordedEvent, type StreamRevisionStore } from '@csm/eventing';
import { EmbeddedReadModels } from '@csm/readmodels';
import { eventSourcedReadiness } from '@csm/http';
import { toMessage } from '../src/envelope-codec';
import { KafkaSubscription, type KafkaSubscriptionOptions } from '../src/kafka-subscription';
import { REPLAY_FOR_HEADER } from '../src/dead-letters';

const TOPIC = 'csm.registration.events';

/** Just enough of kafkajs for one subscription: the test hands it messages and sees what it commits and sends. */
class FakeKafka {
  readonly commits: string[] = [];
  readonly deadLetters: { topic: string; headers: Record<string, string> }[] = [];
  eachMessage?: (payload: EachMessagePayload) => Promise<void>;
  heartbeats = 0;

  asKafka(): Kafka {
    const joined: (() => void)[] = [];
    const connection = { connect: async () => undefined, disconnect: async () => undefined };
    return {
      producer: () => ({
        ...connection,
        send: async ({ topic, messages }: { topic: string; messages: Message[] }) =>
          void this.deadLetters.push({ topic, headers: Object.fromEntries(Object.entries(messages[0]!.headers ?? {}).map(([k, v]) => [k, String(v)])) }),
      }),
      admin: () => ({ ...connection, fetchTopicOffsets: async () => [] }),
      consumer: () => ({
        ...connection,
        events: { GROUP_JOIN: 'consumer.group_join' },
        on: (_event: string, listener: () => void) => void joined.push(listener),
        subscribe: async () => undefined,
        run: async ({ eachMessage }: { eachMessage: (payload: EachMessagePayload) => Promise<void> }) => {
          this.eachMessage = eachMessage;
          joined.forEach((listener) => listener());
        },
        commitOffsets: async (offsets: { partition: number; offset: string }[]) => void this.commits.push(...offsets.map((o) => `${o.partition}:${o.offset}`)),
      }),
    } as unknown as Kafka;
  }

  deliver(offset: number, value: string | Buffer | null, headers: Record<string, string> = {}): Promise<void> {
    return this.eachMessage!({
      topic: TOPIC,
      partition: 0,
      message: { offset: String(offset), key: Buffer.from('k'), value: typeof value === 'string' ? Buffer.from(value) : value, headers, timestamp: '0', attributes: 0 },
      heartbeat: async () => void this.heartbeats++,
      pause: () => () => undefined,
    });
  }
}

const anEvent = (streamId: string, revision: number, type = 'OrganizationProfileAmended'): RecordedEvent => ({
  eventId: `${streamId}-${revision}`,
  streamId,
  streamRevision: BigInt(revision),
  position: BigInt(revision),
  type,
  version: 1,
  data: {},
  metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: [] }, schemaVersion: 1, prevHash: '', hash: 'h', occurredAt: 'now' },
  recordedAt: '2026-11-25T10:00:00.000Z',
});
const wire = (event: RecordedEvent) => String(toMessage(event).value);

const start = async (fake: FakeKafka, options: Partial<KafkaSubscriptionOptions> & Pick<KafkaSubscriptionOptions, 'handler'>) => {
  const subscription = new KafkaSubscription({ kafka: fake.asKafka(), name: 'registration.test', topics: [TOPIC], ...options });
  await subscription.start();
  return subscription;
};

class EventContractError extends Error {}

describe('Kafka subscription: poison or outage', () => {
  it('retries an infrastructure error with backoff, uncommitted and not dead-lettered, reporting the stall, until it passes', async () => {
    const fake = new FakeKafka();
    const delays: number[] = [];
    const seenWhileWaiting: { commits: number; lastError?: string; stalledForMs: number }[] = [];
    let failures = 0;
    const handled: string[] = [];
    const subscription: KafkaSubscription = await start(fake, {
      handler: async (event) => {
        if (failures++ < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:27018');
        handled.push(event.eventId);
      },
      retry: {
        backoff: (attempt) => 100 * 2 ** (attempt - 1),
        sleep: async (ms) => {
          delays.push(ms);
          const status = subscription.status();
          seenWhileWaiting.push({ commits: fake.commits.length, stalledForMs: status.stalledForMs, ...(status.lastError ? { lastError: status.lastError } : {}) });
        },
      },
    });
    await fake.deliver(7, wire(anEvent('organization-a', 0)));
    expect(delays).toEqual([100, 200, 400]);
    expect(seenWhileWaiting.map((s) => s.commits)).toEqual([0, 0, 0]);
    expect(seenWhileWaiting[2]!.lastError).toBe(
      `${TOPIC}/0@7 OrganizationProfileAmended organization-a@0: connect ECONNREFUSED 127.0.0.1:27018 (attempt 3, retrying in 400 ms)`,
    );
    expect(handled).toEqual(['organization-a-0']);
    expect(fake.commits).toEqual(['0:8']);
    expect(fake.deadLetters).toEqual([]);
    expect(fake.heartbeats).toBe(3);
    expect(subscription.status()).toMatchObject({ stalledForMs: 0 });
    expect(subscription.status().lastError).toBeUndefined();
  });

  it('waits in slices of at most a second, heartbeating, so a long outage does not cost its group membership', async () => {
    const fake = new FakeKafka();
    const slices: number[] = [];
    let failures = 0;
    await start(fake, {
      handler: async () => {
        if (failures++ < 1) throw new Error('socket timeout');
      },
      retry: { backoff: () => 2500, sleep: async (ms) => void slices.push(ms) },
    });
    await fake.deliver(0, wire(anEvent('organization-a', 0)));
    expect(slices).toEqual([1000, 1000, 500]);
    expect(fake.heartbeats).toBe(3);
  });

  it('dead-letters an event a handler refuses as poison, with the reason, commits it and counts it as seen', async () => {
    const fake = new FakeKafka();
    const handled: string[] = [];
    const subscription = await start(fake, {
      handler: async (event) => {
        if (event.type === 'OrganizationRejected') throw new PoisonEventError('a rejection without a reason cannot be projected');
        if (event.type === 'OrganizationSuspended') throw new EventContractError('data.reason: required');
        handled.push(event.eventId);
      },
    });
    await fake.deliver(0, wire(anEvent('organization-a', 0, 'OrganizationRejected')));
    await fake.deliver(1, wire(anEvent('organization-a', 1, 'OrganizationSuspended')));
    await fake.deliver(2, wire(anEvent('organization-a', 2)));
    expect(fake.deadLetters.map((d) => [d.topic, d.headers.csm_dlq_reason, d.headers.csm_dlq_subscription, d.headers.csm_dlq_source])).toEqual([
      [`${TOPIC}.dlq`, 'a rejection without a reason cannot be projected', 'registration.test', `${TOPIC}/0/0`],
      [`${TOPIC}.dlq`, 'data.reason: required', 'registration.test', `${TOPIC}/0/1`],
    ]);
    expect(handled).toEqual(['organization-a-2']);
    expect(fake.commits).toEqual(['0:1', '0:2', '0:3']);
    expect(subscription.status().halted).toBeUndefined();
  });

  it('dead-letters a message that is not an event', async () => {
    const fake = new FakeKafka();
    await start(fake, { handler: async () => undefined });
    await fake.deliver(0, 'this is not an event');
    expect(fake.deadLetters.map((d) => d.headers.csm_dlq_reason)).toEqual(['Undecodable message: value is not JSON']);
    expect(fake.commits).toEqual(['0:1']);
  });

  it('stops retrying when stopped, without committing', async () => {
    const fake = new FakeKafka();
    let subscription: KafkaSubscription | undefined;
    subscription = await start(fake, {
      handler: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      retry: { backoff: () => 100, sleep: async () => void (await subscription!.stop()) },
    });
    await expect(fake.deliver(0, wire(anEvent('organization-a', 0)))).rejects.toBeInstanceOf(SubscriptionStoppedError);
    expect(fake.commits).toEqual([]);
    expect(fake.deadLetters).toEqual([]);
  });
});

describe('Kafka subscription: revision gaps', () => {
  it('halts on a revision jump instead of applying it, reports the stream and revisions, and /readyz fails at once', async () => {
    const fake = new FakeKafka();
    const handled: string[] = [];
    const statuses: { halted?: string; lastError?: string; ready: string }[] = [];
    let subscription: KafkaSubscription | undefined;
    subscription = await start(fake, {
      handler: async (event) => void handled.push(event.eventId),
      retry: {
        backoff: () => 100,
        sleep: async () => {
          const status = subscription!.status();
          const check = eventSourcedReadiness({ headPosition: async () => 0n } as never, [subscription!])[1]!;
          const ready = await check.check().then(
            () => 'ready',
            (error: Error) => error.message,
          );
          statuses.push({ ready, ...(status.halted ? { halted: status.halted } : {}), ...(status.lastError ? { lastError: status.lastError } : {}) });
          if (statuses.length === 2) await subscription!.stop();
        },
      },
    });
    await fake.deliver(0, wire(anEvent('organization-a', 0)));
    await expect(fake.deliver(1, wire(anEvent('organization-a', 2)))).rejects.toBeInstanceOf(SubscriptionStoppedError);
    expect(handled).toEqual(['organization-a-0']);
    expect(fake.commits).toEqual(['0:1']);
    const gap = 'Revision gap in organization-a: last seen revision 0, got 2 (expected 1); registration.test stopped instead of applying on top of a hole';
    expect(statuses[1]).toEqual({
      halted: gap,
      lastError: `${TOPIC}/0@1 OrganizationProfileAmended organization-a@2: ${gap} (attempt 2, retrying in 100 ms)`,
      ready: `halted: ${gap}`,
    });
  });

  it('counts every event of a stream, handled or not, and skips redeliveries', async () => {
    const fake = new FakeKafka();
    const handled: string[] = [];
    await start(fake, { accepts: (type) => type === 'OrganizationVerified', handler: async (event) => void handled.push(event.eventId) });
    await fake.deliver(0, wire(anEvent('organization-a', 0)));
    await fake.deliver(1, wire(anEvent('organization-a', 1, 'OrganizationVerified')));
    await fake.deliver(2, wire(anEvent('organization-a', 1, 'OrganizationVerified')));
    await fake.deliver(3, wire(anEvent('organization-a', 0)));
    await fake.deliver(4, wire(anEvent('organization-b', 0, 'OrganizationVerified')));
    expect(handled).toEqual(['organization-a-1', 'organization-b-0']);
    expect(fake.commits).toEqual(['0:1', '0:2', '0:3', '0:4', '0:5']);
  });

  it('remembers the last revision per stream across restarts in the read-model database', async () => {
    const store: StreamRevisionStore = readModelStreamRevisions(new EmbeddedReadModels());
    const handled: string[] = [];
    const stopAtFirstRetry = (get: () => KafkaSubscription | undefined) => ({ backoff: () => 1, sleep: async () => void (await get()!.stop()) });
    const first = new FakeKafka();
    await start(first, { streamRevisions: store, handler: async (event) => void handled.push(event.eventId) });
    await first.deliver(0, wire(anEvent('organization-a', 0)));
    await first.deliver(1, wire(anEvent('organization-a', 1)));

    const second = new FakeKafka();
    let restarted: KafkaSubscription | undefined;
    restarted = await start(second, { streamRevisions: store, handler: async (event) => void handled.push(event.eventId), retry: stopAtFirstRetry(() => restarted) });
    await second.deliver(1, wire(anEvent('organization-a', 1)));
    await second.deliver(2, wire(anEvent('organization-a', 2)));
    // A stream never seen must start at revision 0: its first events are missing.
    await expect(second.deliver(3, wire(anEvent('organization-b', 4)))).rejects.toBeInstanceOf(SubscriptionStoppedError);
    expect(restarted.status().halted).toContain('Revision gap in organization-b: last seen revision none, got 4 (expected 0)');
    expect(handled).toEqual(['organization-a-0', 'organization-a-1', 'organization-a-2']);
    expect(second.commits).toEqual(['0:2', '0:3']);
    expect(await store.load('registration.test', 'organization-a')).toBe(2n);
  });

  it('hands a re-driven dead letter to the subscription that failed it, and only to it', async () => {
    const fake = new FakeKafka();
    const handled: string[] = [];
    await start(fake, { handler: async (event) => void handled.push(event.eventId) });
    await fake.deliver(0, wire(anEvent('organization-a', 0)));
    await fake.deliver(1, wire(anEvent('organization-a', 0)), { [REPLAY_FOR_HEADER]: 'registration.test' });
    await fake.deliver(2, wire(anEvent('organization-a', 0)), { [REPLAY_FOR_HEADER]: 'registration.other' });
    await fake.deliver(3, wire(anEvent('organization-a', 1)));
    expect(handled).toEqual(['organization-a-0', 'organization-a-0', 'organization-a-1']);
    expect(fake.commits).toEqual(['0:1', '0:2', '0:3', '0:4']);
  });
});
