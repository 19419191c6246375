import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { describeWithServices } from '@csm/testkit';
import { createKafka, parseBrokers } from '../src/kafka-config';
import { appendEvents, readTopic } from './bus-test-kit';

jest.setTimeout(120_000);

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const startRelay = (file: string, brokers: string, prefix: string): Promise<ChildProcess> =>
  new Promise((resolveChild, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'run-relay.ts'), file, brokers, prefix], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('READY')) resolveChild(child);
    });
    child.once('exit', (code) => reject(new Error(`relay exited (${code}) before it was ready: ${stderr}`)));
  });

const until = async (condition: () => Promise<boolean>, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describeWithServices(['kafka'], 'relay crash', ({ kafka: brokers }) => {
  it('loses nothing when the relay is killed with SIGKILL between append and publish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csm-relay-crash-'));
    const file = join(dir, 'events.db');
    const prefix = `crash${randomUUID().slice(0, 8)}.`;
    const store = await SqliteEventStore.open({ file });
    const checkpoint = async () => (await store.checkpoints().load(`${prefix}relay`)) ?? -1n;
    let relay: ChildProcess | undefined;
    try {
      relay = await startRelay(file, brokers, prefix);
      const streams = Array.from({ length: 10 }, (_, i) => `organization-s${i}`);
      const firstBatch = await appendEvents(store, streams, 150);
      // Kill it mid-way: some of the batch published, the rest not yet.
      await until(async () => (await checkpoint()) >= 20n, 30_000, 'the relay to publish something');
      const killed = relay;
      killed.kill('SIGKILL');
      await new Promise((r) => killed.once('exit', r));
      const publishedBeforeCrash = await checkpoint();
      const secondBatch = await appendEvents(store, streams.map((s) => `${s}-after`), 50);

      relay = await startRelay(file, brokers, prefix);
      const head = await store.headPosition();
      await until(async () => (await checkpoint()) >= head, 60_000, 'the restarted relay to catch up');
      relay.kill('SIGTERM');

      const expected = new Set([...firstBatch, ...secondBatch]);
      const kafka = createKafka({ clientId: 'crash-reader', brokers: parseBrokers(brokers) });
      const messages = await readTopic(kafka, `${prefix}csm.registration.events`, (m) => new Set(m.map((x) => x.headers.ce_id)).size >= expected.size);
      const delivered = new Set(messages.map((m) => m.headers.ce_id));
      expect([...expected].filter((id) => !delivered.has(id))).toEqual([]);
      expect(publishedBeforeCrash).toBeLessThan(head);
    } finally {
      relay?.kill('SIGKILL');
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
