import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { deterministicEventId } from '@csm/eventing';
import { startEmbeddedPlatform } from '@csm/platform';
import { aProfileFor } from './bench-data';
import { closeServer, listen, urlOf } from '@csm/http';
import { driveHttpLoad, type HttpLoadRequest } from './http-load';
import { formatRow, runLoad, type LoadResult } from './load';

/**
 * Registration throughput on the embedded default, measured against two baselines in the same
 * run on the same machine: a bare express POST route (the HTTP floor) and raw store appends
 * (the durability floor). Both HTTP scenarios are driven by autocannon from a child process, so
 * the server's event loop is the only thing they share with the measurement. Prints ratios;
 * asserts nothing about speed.
 *
 *   npm run bench                       # defaults
 *   BENCH_COMMANDS=4000 BENCH_CONCURRENCY=64 npm run bench
 */
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const bareRoute = async (): Promise<LoadResult> => {
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  app.post('/organizations', (req, res) => {
    res.status(201).json({ received: Object.keys(req.body).length });
  });
  const server = await listen(app, { name: 'bare express route', port: 0, host: '127.0.0.1' });
  try {
    const request: HttpLoadRequest = { method: 'POST', path: '/organizations', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify(aProfileFor(0)) };
    return await driveHttpLoad('bare express POST (baseline)', { origin: urlOf(server, '127.0.0.1'), connections: CONCURRENCY, amount: COMMANDS, expectStatus: 201, requests: [request] });
  } finally {
    await closeServer(server);
  }
};

const rawAppends = async (dir: string): Promise<LoadResult> => {
  const store = await SqliteEventStore.open({ file: join(dir, 'raw.db') });
  const data = aProfileFor(0) as unknown as Record<string, unknown>;
  const result = await runLoad('raw SQLite appends, group commit (baseline)', COMMANDS, CONCURRENCY, async (i) => {
    const streamId = `organization-raw-${i}`;
    await store.append(
      streamId,
      [
        {
          eventId: deterministicEventId(streamId, 'bench', 0),
          type: 'OrganizationRegistered',
          version: 1,
          data,
          metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: [] }, schemaVersion: 1, prevHash: '', hash: 'h', occurredAt: new Date().toISOString() },
        },
      ],
      'no_stream',
    );
    return true;
  });
  await store.close();
  return result;
};

const fullStack = async (dir: string): Promise<LoadResult> => {
  const platform = await startEmbeddedPlatform({ dataDir: join(dir, 'platform'), log: () => undefined });
  // Real tokens signed by the embedded issuer, one partner organisation per command.
  const tokens = await Promise.all(
    Array.from({ length: COMMANDS }, (_, i) => platform.signPartnerToken(`bench-org-${i}`, `bench-user-${i}`)),
  );
  const requests: HttpLoadRequest[] = tokens.map((token, i) => ({
    method: 'POST',
    path: '/organizations',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(aProfileFor(i)),
  }));
  const result = await driveHttpLoad('full stack: POST /organizations (JWT, zod, decider, append)', {
    origin: platform.urls.registration,
    connections: CONCURRENCY,
    amount: COMMANDS,
    expectStatus: 201,
    requests,
  });
  await platform.caughtUp(await platform.store.headPosition());
  await platform.stop();
  return result;
};

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-bench-'));
  try {
    console.log(`[bench] ${COMMANDS} commands per scenario, ${CONCURRENCY} in flight, loopback only`);
    const bare = await bareRoute();
    console.log(formatRow(bare));
    const raw = await rawAppends(dir);
    console.log(formatRow(raw));
    const full = await fullStack(dir);
    console.log(formatRow(full));
    console.log('');
    console.log(`ratio full stack ÷ bare route   throughput ${(full.perSecond / bare.perSecond).toFixed(2)}   p50 ${(full.p50Ms / bare.p50Ms).toFixed(2)}x   p99 ${(full.p99Ms / bare.p99Ms).toFixed(2)}x`);
    console.log(`ratio full stack ÷ raw appends  throughput ${(full.perSecond / raw.perSecond).toFixed(2)}   p50 ${(full.p50Ms / raw.p50Ms).toFixed(2)}x   p99 ${(full.p99Ms / raw.p99Ms).toFixed(2)}x`);
    console.log(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB after the run`);
    if (full.failures + raw.failures + bare.failures > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

void main();
