/**
 * How long a subscription waits before retrying an event after an infrastructure error:
 * exponential from `initialMs`, capped at `maxMs`, with "equal jitter" (half the delay fixed,
 * half random) so replicas that failed together do not hammer the database together when it
 * returns, yet never retry sooner than half the nominal delay.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** A number in [0, 1); injectable for tests. */
  random?: () => number;
}

export type Backoff = (attempt: number) => number;

export const exponentialBackoff = ({ initialMs = 100, maxMs = 30_000, random = Math.random }: BackoffOptions = {}): Backoff => (attempt) => {
  const nominal = Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(nominal / 2 + (nominal / 2) * random());
};

/**
 * What a subscription needs to wait between retries; tests inject a `sleep` that returns at
 * once (recording the delays) so no test sleeps longer than the backoff it checks.
 */
export interface RetryTiming {
  backoff?: Backoff;
  sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown out of a retry loop when its subscription is being stopped: nothing was committed. */
export class SubscriptionStoppedError extends Error {
  constructor(name: string) {
    super(`Subscription ${name} stopped while retrying`);
    this.name = 'SubscriptionStoppedError';
  }
}
