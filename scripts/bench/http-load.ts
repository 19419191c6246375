import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadResult } from './load';

export interface HttpLoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the load generator sends: `amount` requests, cycling through `requests`. */
export interface HttpLoadPlan {
  origin: string;
  connections: number;
  amount: number;
  expectStatus: number;
  requests: HttpLoadRequest[];
}

export interface HttpLoadReport {
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  statuses: Record<string, number>;
}

/**
 * Drives an HTTP server with autocannon from a child process (scripts/bench/autocannon-runner.ts)
 * and returns what it measured. The server stays in this process; the client never shares its
 * event loop, so baseline and measured routes are timed the same way, from outside.
 */
export const driveHttpLoad = (name: string, plan: HttpLoadPlan): Promise<LoadResult & { statuses: Record<string, number> }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'autocannon-runner.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`the load generator for "${name}" exited with ${code}`));
      const report = JSON.parse(output) as HttpLoadReport;
      resolve({ name, ...report });
    });
    child.stdin.end(JSON.stringify(plan));
  });
