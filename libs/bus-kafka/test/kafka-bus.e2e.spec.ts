import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { PoisonEventError, type RecordedEvent } from '@csm/eventing';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { describeWithServices } from '@csm/testkit';
import { createKafka, parseBrokers } from '../src/kafka-config';
import { KafkaRelay } from '../src/kafka-relay';
import { KafkaSubscription } from '../src/kafka-subscription';
import { appendEvents, readTopic } from './bus-test-kit';

jest.setTimeout(90_000);

describeWithServices(['kafka'], 'Kafka bus', ({ kafka: brokers }) => {
  let kafka: Kafka;
  let dir: string;
  let store: SqliteEventStore;
  let prefix: string;
  const topic = () => `${prefix}csm.registration.events`;

  beforeEach(async () => {
    kafka = createKafka({ clientId: 'bus-e2e', brokers: parseBrokers(brokers) });
    dir = mkdtempSync(join(tmpdir(), 'csm-bus-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
    prefix = `bus${randomUUID().slice(0, 8)}.`;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('relays events keyed by stream with CloudEvents headers, and a consumer group gets them in stream order', async () => {
    const relay = new KafkaRelay({ kafka, store, checkpoints: store.checkpoints(), categories: ['organization'], topicPrefix: prefix, name: `${prefix}relay` });
    await relay.start();
    const seen: RecordedEvent[] = [];
    const relayCheckpoint = async () => (await store.checkpoints().load(`${prefix}relay`)) ?? -1n;
    const subscription = new KafkaSubscription({
      kafka,
      name: `${prefix}projection`,
      topics: [topic()],
      handler: async (e) => void seen.push(e),
      publishedUpTo: relayCheckpoint,
    });
    await subscription.start();

    const streams = ['organization-a', 'organization-b', 'organization-c'];
    const ids = await appendEvents(store, streams, 30);
    await subscription.caughtUp(await store.headPosition(), 30_000);
    await relay.stop();
    await subscription.stop();

    expect(new Set(seen.map((e) => e.eventId))).toEqual(new Set(ids));
    for (const stream of streams) {
      const revisions = seen.filter((e) => e.streamId === stream).map((e) => Number(e.streamRevision));
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    }
    const [first] = await readTopic(kafka, topic(), (m) => m.length >= 1);
    expect(first!.headers).toMatchObject({ ce_type: 'OrganizationProfileAmended', ce_source: 'csm/organization', ce_specversion: '1.0' });
    expect(streams).toContain(first!.key);
    expect(await store.checkpoints().load(`${prefix}relay`)).toBe(await store.headPosition());
    // Topics keep every event, so a projection started later still finds each stream's revision 0.
    const admin = kafka.admin();
    await admin.connect();
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic(), configNames: ['retention.ms'] }] });
    await admin.disconnect();
    expect(resources[0]!.configEntries).toEqual([expect.objectContaining({ configName: 'retention.ms', configValue: '-1' })]);
  });

  it('dead-letters a poison message with its reason and moves the partition on', async () => {
    const relay = new KafkaRelay({ kafka, store, checkpoints: store.checkpoints(), categories: ['organization'], topicPrefix: prefix, partitions: 1 });
    await relay.start();
    // Garbage straight onto the topic, then events, one of which the handler always rejects.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topic(), messages: [{ key: 'organization-x', value: 'this is not an event' }] });
    await producer.disconnect();
    await appendEvents(store, ['organization-x'], 1, 'OrganizationRejected');
    const good = await appendEvents(store, ['organization-y'], 3);

    const handled: string[] = [];
    const subscription = new KafkaSubscription({
      kafka,
      name: `${prefix}poisoned`,
      topics: [topic()],
      handler: async (e) => {
        if (e.type === 'OrganizationRejected') throw new PoisonEventError('cannot project a rejection today');
        handled.push(e.eventId);
      },
    });
    await subscription.start();
    await subscription.caughtUp(await store.headPosition(), 30_000);
    await subscription.stop();
    await relay.stop();

    expect(handled).toEqual(good);
    const dead = await readTopic(kafka, `${topic()}.dlq`, (m) => m.length >= 2);
    expect(dead.map((m) => m.headers.csm_dlq_reason).sort()).toEqual(['Undecodable message: value is not JSON', 'cannot project a rejection today']);
    expect(dead[0]!.headers.csm_dlq_source).toMatch(new RegExp(`^${topic().replace(/\./g, '\\.')}/0/\\d+$`));
  });
});
