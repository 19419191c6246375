import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { MongoReadModels } from '@csm/readmodels';
import { describeWithServices } from '@csm/testkit';
import { createKafka, parseBrokers } from '../src/kafka-config';
import { appendEvents, readTopic } from './bus-test-kit';

jest.setTimeout(150_000);

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const TTL_MS = 4_000;

interface Worker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
}

const startWorker = (args: string[]): Promise<Worker> =>
  new Promise((resolveWorker, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'run-leased-relay.ts'), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise((r) => child.once('exit', r));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('READY')) resolveWorker({ child, output: () => stdout, exited });
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${stderr}`)));
  });

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describeWithServices(['kafka', 'mongodb'], 'exactly one relay', ({ kafka: brokers, mongodb }) => {
  it('two workers: one relays; killed with SIGKILL, the other takes over within the lease time and nothing is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csm-relay-failover-'));
    const file = join(dir, 'events.db');
    const prefix = `failover${randomUUID().slice(0, 8)}.`;
    const database = `csm_${prefix.replace(/\W/g, '')}`;
    const store = await SqliteEventStore.open({ file });
    const readModels = await MongoReadModels.connect(mongodb, database);
    const checkpoint = async () => (await store.checkpoints().load(`${prefix}relay`)) ?? -1n;
    const workers: Worker[] = [];
    try {
      const args = (holder: string) => [file, brokers, prefix, mongodb, database, String(TTL_MS), holder];
      workers.push(await startWorker(args('worker-a')));
      await until(() => workers[0]!.output().includes('LEADER worker-a term 1'), 30_000, 'worker-a to lead');
      workers.push(await startWorker(args('worker-b')));
      const [a, b] = workers as [Worker, Worker];

      const streams = Array.from({ length: 10 }, (_, i) => `organization-f${i}`);
      const before = await appendEvents(store, streams, 150);
      await until(async () => (await checkpoint()) >= 20n, 30_000, 'the leader to publish something');
      expect(b.output()).not.toContain('LEADER');

      a.child.kill('SIGKILL');
      await a.exited;
      const killedAt = Date.now();
      const during = await appendEvents(store, streams.map((s) => `${s}-during`), 50);
      await until(() => b.output().includes('LEADER worker-b term 2'), TTL_MS * 3, 'worker-b to take over');
      const takeoverMs = Date.now() - killedAt;
      console.log(`relay failover: worker-b took over ${takeoverMs} ms after worker-a was killed (lease ttl ${TTL_MS} ms)`);
      // A dead leader's lease expires after at most the ttl; a candidate tries every ttl / 3.
      expect(takeoverMs).toBeLessThanOrEqual(TTL_MS + TTL_MS / 3 + 1_000);
      const after = await appendEvents(store, streams.map((s) => `${s}-after`), 50);

      const head = await store.headPosition();
      await until(async () => (await checkpoint()) >= head, 60_000, 'worker-b to relay everything');
      const expected = new Set([...before, ...during, ...after]);
      const kafka = createKafka({ clientId: 'failover-reader', brokers: parseBrokers(brokers) });
      const messages = await readTopic(kafka, `${prefix}csm.registration.events`, (m) => new Set(m.map((x) => x.headers.ce_id)).size >= expected.size);
      const delivered = messages.map((m) => m.headers.ce_id!);
      // Exactly the expected set; a repeat is only at-least-once redelivery of the same event.
      expect(new Set(delivered)).toEqual(expected);
      expect(delivered.length - expected.size).toBeLessThanOrEqual(20);
      const lease = await readModels.collection('leases').findOne({ _id: `${prefix}relay` });
      expect(lease).toMatchObject({ holder: 'worker-b', term: 2 });
    } finally {
      for (const worker of workers) worker.child.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      await readModels.dropAll();
      await readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
