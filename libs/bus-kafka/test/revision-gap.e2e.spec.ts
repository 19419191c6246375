import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inMemoryStreamRevisions } from '@csm/eventing';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { describeWithServices } from '@csm/testkit';
import { createKafka, parseBrokers } from '../src/kafka-config';
import { KafkaRelay } from '../src/kafka-relay';
import { KafkaSubscription } from '../src/kafka-subscription';
import { toMessage } from '../src/envelope-codec';
import { appendEvents } from './bus-test-kit';

jest.setTimeout(90_000);

describeWithServices(['kafka'], 'revision gap on a real topic', ({ kafka: brokers }) => {
  it('halts at the jump, leaves its offset before it, and stays in its group while halted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csm-gap-'));
    const store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
    const prefix = `gap${randomUUID().slice(0, 8)}.`;
    const topic = `${prefix}csm.registration.events`;
    const kafka = createKafka({ clientId: 'gap-e2e', brokers: parseBrokers(brokers) });
    const relay = new KafkaRelay({ kafka, store, checkpoints: store.checkpoints(), categories: ['organization'], topicPrefix: prefix, name: `${prefix}relay`, partitions: 1 });
    const handled: string[] = [];
    const name = `${prefix}registration.gapped`;
    const subscription = new KafkaSubscription({
      kafka,
      name,
      topics: [topic],
      streamRevisions: inMemoryStreamRevisions(),
      retry: { backoff: () => 500 },
      publishedUpTo: async () => (await store.checkpoints().load(`${prefix}relay`)) ?? -1n,
      handler: async (event) => void handled.push(`${event.streamId}@${event.streamRevision}`),
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await relay.start();
      await subscription.start();
      await appendEvents(store, ['organization-g'], 2);
      await subscription.caughtUp(await store.headPosition(), 30_000);
      await relay.stop();

      // Revision 5 of the stream, with 2–4 never published: what a lost batch would look like.
      const [stored] = await store.readStream('organization-g');
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [toMessage({ ...stored!, eventId: randomUUID(), streamRevision: 5n, position: 99n })] });
      await producer.disconnect();

      const deadline = Date.now() + 30_000;
      while (!subscription.status().halted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(subscription.status().halted).toBe(`Revision gap in organization-g: last seen revision 1, got 5 (expected 2); ${name} stopped instead of applying on top of a hole`);
      // Longer than the group's session timeout (10 s): the heartbeats between retries keep the member.
      await new Promise((r) => setTimeout(r, 12_000));
      const group = await admin.describeGroups([name]);
      expect(group.groups[0]!.state).toBe('Stable');
      expect(group.groups[0]!.members).toHaveLength(1);
      expect(handled).toEqual(['organization-g@0', 'organization-g@1']);
      const [offsets] = await admin.fetchOffsets({ groupId: name, topics: [topic] });
      expect(offsets!.partitions).toEqual([{ partition: 0, offset: '2', metadata: null }]);
    } finally {
      await subscription.stop();
      await admin.disconnect();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
