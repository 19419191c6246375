import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@csm/eventing';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { describeWithServices, PrivateKafka } from '@csm/testkit';
import { createKafka } from '../src/kafka-config';
import { KafkaRelay } from '../src/kafka-relay';
import { KafkaSubscription } from '../src/kafka-subscription';
import { appendEvents } from './bus-test-kit';

jest.setTimeout(240_000);

/**
 * Kafka goes away in the middle of a run and comes back: the relay and the consumer resume on
 * their own and nothing is lost. Uses a broker of its own (on free ports) so the shared one that
 * other suites use is never disturbed.
 */
describeWithServices(['kafka'], 'Kafka restart', () => {
  const broker = new PrivateKafka();
  let dir: string;
  let store: SqliteEventStore;

  beforeAll(() => broker.start());
  afterAll(async () => {
    await store?.close();
    broker.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes relay and consumer without loss after the broker is stopped and started again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'csm-kafka-restart-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
    const prefix = `restart${randomUUID().slice(0, 8)}.`;
    const kafka = createKafka({ clientId: 'restart-e2e', brokers: [broker.brokers], quiet: true });
    const relay = new KafkaRelay({ kafka, store, checkpoints: store.checkpoints(), categories: ['organization'], topicPrefix: prefix, name: `${prefix}relay` });
    const seen = new Set<string>();
    const subscription = new KafkaSubscription({
      kafka,
      name: `${prefix}projection`,
      topics: [`${prefix}csm.registration.events`],
      handler: async (e: RecordedEvent) => void seen.add(e.eventId),
      publishedUpTo: async () => (await store.checkpoints().load(`${prefix}relay`)) ?? -1n,
    });
    await relay.start();
    await subscription.start();

    const before = await appendEvents(store, ['organization-r1', 'organization-r2'], 40);
    await subscription.caughtUp(await store.headPosition(), 30_000);

    broker.stop();
    const during = await appendEvents(store, ['organization-r3', 'organization-r4'], 40);
    broker.start();

    await subscription.caughtUp(await store.headPosition(), 150_000);
    await subscription.stop();
    await relay.stop();
    expect([...before, ...during].filter((id) => !seen.has(id))).toEqual([]);
  });
});
