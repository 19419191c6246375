import { CaughtUpTimeoutError } from './subscription-errors';

/** Callers waiting for a subscription to reach a global position; released as it advances. */
export class PositionWaiters {
  private waiters: { position: bigint; resolve: () => void }[] = [];

  constructor(private readonly subscriptionName: string) {}

  /** Resolves once `release` is called with a position at or past `position`. */
  wait(position: bigint, current: () => bigint, timeoutMs: number): Promise<void> {
    if (current() >= position) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new CaughtUpTimeoutError(this.subscriptionName, position, current()));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  release(reached: bigint): void {
    const ready = this.waiters.filter((w) => w.position <= reached);
    this.waiters = this.waiters.filter((w) => w.position > reached);
    for (const waiter of ready) waiter.resolve();
  }
}
