import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PoisonEventError } from '@csm/eventing';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { describeWithServices } from '@csm/testkit';
import { createKafka, parseBrokers } from '../src/kafka-config';
import { KafkaRelay } from '../src/kafka-relay';
import { KafkaSubscription } from '../src/kafka-subscription';
import { appendEvents } from './bus-test-kit';

jest.setTimeout(150_000);

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** `npm run dlq -- <args>` as an operator runs it: a separate process, configured by the environment. */
const dlq = (env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(REPO_ROOT, 'scripts', 'dlq.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });

const until = async (condition: () => boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describeWithServices(['kafka'], 'npm run dlq', ({ kafka: brokers }) => {
  it('lists dead letters with their reason and re-drives them to the subscription that failed them, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csm-dlq-'));
    const store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
    const prefix = `dlq${randomUUID().slice(0, 8)}.`;
    const kafka = createKafka({ clientId: 'dlq-e2e', brokers: parseBrokers(brokers) });
    const relay = new KafkaRelay({ kafka, store, checkpoints: store.checkpoints(), categories: ['organization'], topicPrefix: prefix, name: `${prefix}relay`, partitions: 1 });
    let fixed = false;
    const handled: string[] = [];
    const subscription = new KafkaSubscription({
      kafka,
      name: `${prefix}registration.test`,
      topics: [`${prefix}csm.registration.events`],
      publishedUpTo: async () => (await store.checkpoints().load(`${prefix}relay`)) ?? -1n,
      handler: async (event) => {
        if (event.type === 'OrganizationRejected' && !fixed) throw new PoisonEventError('rejection without a reason');
        handled.push(event.eventId);
      },
    });
    const env = { KAFKA_BROKERS: brokers, CSM_NAMESPACE: prefix };
    try {
      await relay.start();
      await subscription.start();
      const [poison] = await appendEvents(store, ['organization-x'], 1, 'OrganizationRejected');
      const good = await appendEvents(store, ['organization-y'], 2);
      await subscription.caughtUp(await store.headPosition(), 30_000);
      expect(handled).toEqual(good);

      const listed = await dlq(env, 'list');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(`[dlq] reading ${prefix}csm.registration.events.dlq… 1 dead letter(s), 1 not replayed`);
      expect(listed.stdout).toMatch(/0\/0 {2}waiting {3}OrganizationRejected organization-x@0/);
      expect(listed.stdout).toContain(`subscription ${prefix}registration.test  source ${prefix}csm.registration.events/0/0`);
      expect(listed.stdout).toContain('reason: rejection without a reason');

      fixed = true;
      const replayed = await dlq(env, 'replay', 'csm.registration.events.dlq');
      expect(replayed.code).toBe(0);
      expect(replayed.stdout).toContain(`re-drove 0/0 OrganizationRejected organization-x for ${prefix}registration.test`);
      expect(replayed.stdout).toContain('[dlq] re-drove 1 dead letter(s) to their subscriptions.');
      await until(() => handled.includes(poison!), 30_000, 'the re-driven event to be handled');

      const again = await dlq(env, 'replay', 'csm.registration.events');
      expect(again.stdout).toContain('[dlq] nothing to replay: every dead letter of this topic was replayed before.');
      const relisted = await dlq(env, 'list');
      expect(relisted.stdout).toContain('1 dead letter(s), 0 not replayed');
      expect(relisted.stdout).toMatch(/0\/0 {2}replayed {2}OrganizationRejected/);
      expect(handled.filter((id) => id === poison)).toHaveLength(1);
    } finally {
      await subscription.stop();
      await relay.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what to do when the topic is unknown or Kafka is not configured', async () => {
    const unknown = await dlq({ KAFKA_BROKERS: brokers, CSM_NAMESPACE: `none${randomUUID().slice(0, 8)}.` }, 'replay', 'csm.nothing.events');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no dead-letter topic csm.nothing.events.dlq in this namespace. Known: none. Run `npm run dlq -- list` to see them.');
    const unconfigured = await dlq({}, 'list');
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toContain('KAFKA_BROKERS is required');
    const usage = await dlq({ KAFKA_BROKERS: brokers }, 'purge');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run dlq -- list');
  });
});
