import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { deterministicEventId } from '@csm/eventing';
import { startEmbeddedPlatform } from '@csm/platform';
import { aProfileFor } from './bench-data';
import { formatRow, runLoad, type LoadResult } from './load';

/**
 * Registration throughput on the embedded default, measured against two baselines in the same
 * run on the same machine: a bare express POST route (the HTTP floor) and raw store appends
 * (the durability floor). Prints ratios; asserts nothing about speed.
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
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/organizations`;
  const body = JSON.stringify(aProfileFor(0));
  const result = await runLoad('bare express POST (baseline)', COMMANDS, CONCURRENCY, async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body });
    await response.arrayBuffer();
    return response.status === 201;
  });
  server.close();
  server.closeAllConnections();
  return result;
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
  const platform = await startEmbeddedPlatform({ dataDir: join(dir, 'platform'), identityPort: 0, registrationPort: 0, log: () => undefined });
  // Real tokens signed by the embedded issuer, one partner organisation per command.
  const tokens = await Promise.all(
    Array.from({ length: COMMANDS }, (_, i) => platform.signPartnerToken(`bench-org-${i}`, `bench-user-${i}`)),
  );
  const url = `${platform.urls.registration}/organizations`;
  const result = await runLoad('full stack: POST /organizations (JWT, zod, decider, append)', COMMANDS, CONCURRENCY, async (i) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` },
      body: JSON.stringify(aProfileFor(i)),
    });
    await response.arrayBuffer();
    return response.status === 201;
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
