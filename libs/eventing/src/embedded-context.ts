import { embeddedProjector, type Projection, type ProjectorOptions } from './projection';
import { projectionsProgress } from './projection-progress';

/**
 * The embedded composition of one context's projections: each a checkpointed catch-up
 * subscription over the one log, started, and their progress (read-your-writes) together: the
 * twin of `startBusContext` (@csm/bus-kafka) for the single-node default.
 */
export const startEmbeddedProjections = async (projections: readonly Projection[], options: ProjectorOptions) => {
  const subscriptions = projections.map((projection) => embeddedProjector(projection, options));
  await Promise.all(subscriptions.map((p) => p.start()));
  const progress = projectionsProgress(options.store, subscriptions);
  return {
    /** The subscriptions this process runs, for /readyz and /metrics. */
    subscriptions,
    progress,
    /** Resolves when every projection has handled the log up to `position`. */
    caughtUp: (position: bigint) => progress.caughtUp(position),
    stop: () => Promise.all(subscriptions.map((p) => p.stop())).then(() => undefined),
  };
};
