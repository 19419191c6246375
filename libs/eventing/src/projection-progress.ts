import type { EventStore } from './event-store.port';

/**
 * What a read needs from the projections behind it: to wait until they have handled the global
 * log up to a position (a command's answer), so a client reads its own writes. A running
 * subscription offers it (embedded default); so does a reader of the checkpoints projectors
 * store with their read models (an `api` process, which runs no projection of its own).
 */
export interface ProjectionProgress {
  /**
   * Resolves once every event up to `position` has been handled; rejects with
   * `CaughtUpTimeoutError` after `timeoutMs`, and with `PositionAheadOfLogError` at once when the
   * log has not reached `position` (nothing would ever satisfy the wait).
   */
  caughtUp(position: bigint, timeoutMs?: number): Promise<void>;
}

/** A client asked to wait for a position the log has not reached: refused at once, not after a timeout. */
export class PositionAheadOfLogError extends Error {
  constructor(
    readonly position: bigint,
    readonly head: bigint,
  ) {
    super(`Position ${position} is beyond the head of the log (${head})`);
    this.name = 'PositionAheadOfLogError';
  }
}

/**
 * The progress of every projection behind a service's reads, refusing positions beyond the head
 * of the log first. The head only grows, so it is asked again only for positions past the
 * highest head seen: a read of one's own write costs no extra round trip to the store.
 */
export const projectionsProgress = (store: Pick<EventStore, 'headPosition'>, projections: readonly ProjectionProgress[]): ProjectionProgress => {
  let knownHead = -1n;
  return {
    caughtUp: async (position, timeoutMs) => {
      if (position > knownHead) {
        const head = await store.headPosition();
        if (head > knownHead) knownHead = head;
        if (position > knownHead) throw new PositionAheadOfLogError(position, knownHead);
      }
      await Promise.all(projections.map((p) => p.caughtUp(position, timeoutMs)));
    },
  };
};
