import type { Subscription } from '@csm/eventing';
import { z } from 'zod';

/** `?minPosition=` on reads: the `position` a command answered with. */
export const MinPosition = z.string().regex(/^-?\d+$/, 'a position returned by a command').optional();

/** Waits until every projection behind a read has handled `minPosition` (503 after a bound). */
export const waitForPosition = async (projections: readonly Subscription[], minPosition: string | undefined, timeoutMs = 5_000): Promise<void> => {
  if (minPosition === undefined) return;
  await Promise.all(projections.map((p) => p.caughtUp(BigInt(minPosition), timeoutMs)));
};
