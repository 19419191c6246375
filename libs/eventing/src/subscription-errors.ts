export class CaughtUpTimeoutError extends Error {
  constructor(name: string, wanted: bigint, reached: bigint) {
    super(`Subscription ${name} reached position ${reached}, not ${wanted}, in time`);
    this.name = 'CaughtUpTimeoutError';
  }
}
