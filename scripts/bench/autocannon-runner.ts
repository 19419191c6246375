import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { HttpLoadPlan, HttpLoadReport } from './http-load';
import { percentile } from './load';

/**
 * The load generator, in a process of its own so that what a benchmark measures is the server
 * and not a client sharing its event loop. Reads one plan (JSON) on stdin, drives it with
 * autocannon, and writes one report (JSON) on stdout. Started by `driveHttpLoad`.
 */
const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const main = async () => {
  const plan = JSON.parse(await readStdin()) as HttpLoadPlan;
  // Request i of the run is plan.requests[i % n]: one counter across every connection, so a plan
  // with one request per operation (a token per organisation) sends each exactly once.
  let next = 0;
  const statuses = new Map<number, number>();
  // autocannon's histogram keeps whole milliseconds; its response events carry the exact time.
  const latencies: number[] = [];
  let lastResponseAt = 0;
  const started = performance.now();
  await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.origin,
        connections: Math.min(plan.connections, plan.amount),
        amount: plan.amount,
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => {
              const { method, path, headers, body } = plan.requests[next++ % plan.requests.length]!;
              return { ...request, method, path, headers, ...(body !== undefined ? { body } : {}) };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      lastResponseAt = performance.now();
    });
  });
  // autocannon's own duration ends at its next one-second sample tick; the last response is exact.
  const seconds = (lastResponseAt - started) / 1000;
  const answered = latencies.length;
  latencies.sort((a, b) => a - b);
  const report: HttpLoadReport = {
    operations: answered,
    seconds,
    perSecond: answered / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures: plan.amount - (statuses.get(plan.expectStatus) ?? 0),
    statuses: Object.fromEntries(statuses),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
