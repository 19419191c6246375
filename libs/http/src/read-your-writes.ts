import type { ProjectionProgress } from '@csm/eventing';
import { z } from 'zod';

/** `?minPosition=` on reads: the `position` a command answered with. */
export const MinPosition = z.string().regex(/^-?\d+$/, 'a position returned by a command').optional();

/**
 * Waits until the projections behind a read have handled `minPosition` (503 after a bound; a
 * position beyond the head of the log is refused at once with a 400).
 */
export const waitForPosition = async (projections: ProjectionProgress, minPosition: string | undefined, timeoutMs = 5_000): Promise<void> => {
  if (minPosition === undefined) return;
  await projections.caughtUp(BigInt(minPosition), timeoutMs);
};
