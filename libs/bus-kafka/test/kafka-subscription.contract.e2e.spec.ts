import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { describeWithServices } from '@csm/testkit';
import { describeSubscriptionContract } from '@csm/eventing/testkit';
import { createKafka, parseBrokers } from '../src/kafka-config';
import { KafkaRelay } from '../src/kafka-relay';
import { KafkaSubscription } from '../src/kafka-subscription';

jest.setTimeout(90_000);

describeWithServices(['kafka'], 'Kafka subscription', ({ kafka: brokers }) => {
  describeSubscriptionContract('Kafka relay + consumer group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csm-sub-contract-'));
    const store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
    const prefix = `sc${randomUUID().slice(0, 8)}.`;
    const kafka = createKafka({ clientId: 'subscription-contract', brokers: parseBrokers(brokers) });
    const relayName = `${prefix}relay`;
    const relay = new KafkaRelay({ kafka, store, checkpoints: store.checkpoints(), categories: ['organization'], topicPrefix: prefix, name: relayName });
    await relay.start();
    return {
      store,
      subscribe: async (name, handler, deadLetters) => {
        const subscription = new KafkaSubscription({
          kafka,
          name: `${prefix}${name}`,
          topics: [`${prefix}csm.registration.events`],
          handler,
          retry: { backoff: (attempt) => 50 * attempt },
          publishedUpTo: async () => (await store.checkpoints().load(relayName)) ?? -1n,
          onDeadLettered: (eventId) => void deadLetters.push(eventId ?? 'undecodable'),
        });
        await subscription.start();
        return subscription;
      },
      dispose: async () => {
        await relay.stop();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
