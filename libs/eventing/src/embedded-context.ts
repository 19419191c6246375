import { embeddedProjector, type Projection, type ProjectorOptions } from './projection';
import { projectionsProgress, type ProjectionProgress } from './projection-progress';
import type { Subscription } from './subscription';

/**
 * The embedded composition of one context: each projection a checkpointed catch-up subscription
 * over the one log, started, and the app given their progress (read-your-writes) and the
 * subscriptions for /readyz and /metrics: the single-node twin of `startBusContext`
 * (@csm/bus-kafka).
 */
export const startEmbeddedContext = async <App>(
  projections: readonly Projection[],
  options: ProjectorOptions,
  createApp: (wiring: { projections: ProjectionProgress; subscriptions: readonly Pick<Subscription, 'name' | 'status'>[] }) => App,
) => {
  const subscriptions = projections.map((projection) => embeddedProjector(projection, options));
  await Promise.all(subscriptions.map((p) => p.start()));
  const progress = projectionsProgress(options.store, subscriptions);
  return {
    app: createApp({ projections: progress, subscriptions }),
    /** The subscriptions this process runs. */
    projections: subscriptions,
    /** Resolves when every projection has handled the log up to `position`. */
    caughtUp: (position: bigint) => progress.caughtUp(position),
    stop: () => Promise.all(subscriptions.map((p) => p.stop())).then(() => undefined),
  };
};
