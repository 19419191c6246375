import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryPartitionCheckpointStore } from '@csm/eventing';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { describeWithServices } from '@csm/testkit';
import { createKafka, parseBrokers } from '../src/kafka-config';
import { KafkaRelay } from '../src/kafka-relay';
import { KafkaSubscription } from '../src/kafka-subscription';
import { partitionKey } from '../src/partition-assignment';
import { StoredProjectionProgress, storedRelayProgress } from '../src/stored-projection-progress';
import { appendEvents, readTopic } from './bus-test-kit';

jest.setTimeout(120_000);

/**
 * Read-your-writes answered from stored checkpoints on a real broker: two members of one
 * consumer group (each owning some partitions) and a consumer restarted with nothing new all
 * answer `caughtUp`, which they did not when each waited on its own offsets. The partition
 * store here is in memory; services keep it in the read-model database.
 */
describeWithServices(['kafka'], 'stored read-your-writes progress', ({ kafka: brokers }) => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'csm-stored-progress-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers caughtUp through every group member, after a restart with nothing new, and records the partitions Kafka really holds', async () => {
    const prefix = `stored${randomUUID().slice(0, 8)}.`;
    const topic = `${prefix}csm.registration.events`;
    const kafka = createKafka({ clientId: 'stored-progress-e2e', brokers: parseBrokers(brokers) });
    const partitions = new InMemoryPartitionCheckpointStore();
    const relayName = `${prefix}relay`;
    const relay = new KafkaRelay({ kafka, store, checkpoints: store.checkpoints(), partitionCheckpoints: partitions, categories: ['organization'], topicPrefix: prefix, partitions: 3, name: relayName });
    const relayProgress = storedRelayProgress(relayName, store.checkpoints(), partitions);
    const member = () =>
      new KafkaSubscription({ kafka, name: `${prefix}projection`, topics: [topic], handler: async () => undefined, checkpoints: partitions, relay: relayProgress });
    await relay.start();
    const [one, two] = [member(), member()];
    await Promise.all([one.start(), two.start()]);

    const streams = Array.from({ length: 12 }, (_, i) => `organization-s${i}`);
    await appendEvents(store, streams, 36);
    const head = await store.headPosition();
    await Promise.all([one.caughtUp(head, 30_000), two.caughtUp(head, 30_000)]);

    // What the relay recorded is where the messages are: each partition's last message.
    const messages = await readTopic(kafka, topic, (m) => m.length >= 36);
    const lastByPartition = new Map<string, bigint>();
    for (const m of messages) lastByPartition.set(partitionKey(topic, m.partition), BigInt(JSON.parse(m.value).position));
    expect(await relayProgress.published()).toEqual(lastByPartition);
    expect(lastByPartition.size).toBe(3);

    await Promise.all([one.stop(), two.stop()]);
    const restarted = member();
    await restarted.start();
    const started = Date.now();
    await restarted.caughtUp(head, 5_000);
    // And a process that runs no consumer at all (an `api` pod) answers the same.
    await new StoredProjectionProgress({ name: `${prefix}projection`, topics: [topic], relay: relayProgress, handled: partitions }).caughtUp(head, 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await restarted.stop();
    await relay.stop();
  });
});
