import { performance } from 'node:perf_hooks';

export interface LoadResult {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Runs `operation(i)` for i in [0, total) with `concurrency` callers in flight, and measures
 * throughput and latency. Bounded by count, never by wall-clock assertions.
 */
export const runLoad = async (
  name: string,
  total: number,
  concurrency: number,
  operation: (index: number) => Promise<boolean>,
): Promise<LoadResult> => {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      const ok = await operation(index).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, operations: total, seconds, perSecond: total / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), failures };
};

export const formatRow = (r: LoadResult): string =>
  `${r.name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(8)}/s   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms
    .toFixed(2)
    .padStart(7)} ms   failures ${r.failures}`;
