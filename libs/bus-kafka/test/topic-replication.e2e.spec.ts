import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { describeWithServices, freePort } from '@csm/testkit';
import { createKafka, parseBrokers } from '../src/kafka-config';
import { allTopics } from '../src/topic-routing';
import { ensureTopics, TopicCreationRefused } from '../src/topic-creation';

jest.setTimeout(90_000);

const REPO = resolve(__dirname, '../../..');

/**
 * Topics are created with the configured replication factor and `min.insync.replicas`
 * (CSM_TOPIC_REPLICATION_FACTOR, CSM_TOPIC_MIN_INSYNC_REPLICAS), against the real single-broker
 * Kafka: 1 copy is what it can hold; 3 is refused by the broker at once with its reason, and a
 * worker configured so stops at start saying why rather than standing by for ever.
 */
describeWithServices(['kafka', 'mongodb'], 'topic replication from configuration', ({ kafka: brokers, mongodb }) => {
  let kafka: Kafka;
  beforeAll(() => {
    kafka = createKafka({ clientId: 'topic-replication-e2e', brokers: parseBrokers(brokers), quiet: true });
  });

  const describeTopics = async (prefix: string) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const names = allTopics(prefix).flatMap((t) => [t, `${t}.dlq`]);
      const metadata = await admin.fetchTopicMetadata({ topics: names });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas', 'retention.ms'] })),
      });
      return names.map((name) => {
        const config = configs.resources.find((r) => r.resourceName === name)!.configEntries;
        return {
          name,
          replicas: [...new Set(metadata.topics.find((t) => t.name === name)!.partitions.map((p) => p.replicas.length))],
          minInsyncReplicas: config.find((c) => c.configName === 'min.insync.replicas')!.configValue,
          retentionMs: config.find((c) => c.configName === 'retention.ms')!.configValue,
        };
      });
    } finally {
      await admin.disconnect();
    }
  };

  it('creates every context topic and its dead-letter topic with the configured factor and min.insync.replicas', async () => {
    const prefix = `repl${randomUUID().slice(0, 8)}.`;
    await ensureTopics(kafka, { topicPrefix: prefix, replicationFactor: 1, minInsyncReplicas: 1 });
    const topics = await describeTopics(prefix);
    expect(topics.length).toBe(allTopics().length * 2);
    for (const topic of topics) expect(topic).toEqual({ name: topic.name, replicas: [1], minInsyncReplicas: '1', retentionMs: '-1' });
  });

  it('is refused by the single broker with its reason when asked for 3 copies, within seconds', async () => {
    const prefix = `repl${randomUUID().slice(0, 8)}.`;
    const started = Date.now();
    const refused = await ensureTopics(kafka, { topicPrefix: prefix, replicationFactor: 3, minInsyncReplicas: 2 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TopicCreationRefused);
    expect((refused as Error).message).toContain(`Kafka refused to create ${allTopics(prefix).join(', ')} (and their .dlq) with replication factor 3, min.insync.replicas 2: `);
    expect((refused as Error).message).toContain(': Replication-factor is invalid (INVALID_REPLICATION_FACTOR). Check CSM_TOPIC_REPLICATION_FACTOR');
    expect(Date.now() - started).toBeLessThan(15_000);
    const admin = kafka.admin();
    await admin.connect();
    expect((await admin.listTopics()).filter((t) => t.startsWith(prefix))).toEqual([]);
    await admin.disconnect();
  });

  it('stops a worker configured with CSM_TOPIC_REPLICATION_FACTOR=3 at start, exit 1, naming the setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csm-repl-'));
    const namespace = `repl${randomUUID().slice(0, 8)}.`;
    const database = `csm_${namespace.replace(/\W/g, '')}`;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'services/registration/src/serve.ts'], {
        cwd: REPO,
        env: {
          ...process.env,
          PORT: String(await freePort()),
          HOST: '127.0.0.1',
          CSM_ROLE: 'worker',
          CSM_NAMESPACE: namespace,
          CSM_SQLITE_FILE: join(dir, 'events.db'),
          CSM_KEYS_DATABASE: `${database}_keys`,
          MONGODB_DATABASE: `${database}_registration`,
          CSM_KEK: randomBytes(32).toString('base64'),
          CSM_SUBJECT_ID_SECRET: randomBytes(32).toString('base64'),
          KAFKA_BROKERS: brokers.replace(/^[a-z]+:\/\//, ''),
          MONGODB_URI: mongodb,
          OIDC_ISSUER: 'http://127.0.0.1:9/realms/csm',
          CSM_TOPIC_REPLICATION_FACTOR: '3',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += String(d)));
      child.stderr.on('data', (d) => (output += String(d)));
      const code = await new Promise<number | null>((done) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.once('exit', (exitCode) => {
          clearTimeout(timer);
          done(exitCode);
        });
      });
      expect({ code, output }).toEqual({ code: 1, output: expect.stringContaining('[registration] failed to start: Kafka refused to create') });
      expect(output).toContain('with replication factor 3: Replication-factor is invalid (INVALID_REPLICATION_FACTOR).');
      expect(output).toContain('Check CSM_TOPIC_REPLICATION_FACTOR and CSM_TOPIC_MIN_INSYNC_REPLICAS against the number of brokers.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
