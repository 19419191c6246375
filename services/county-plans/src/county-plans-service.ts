import type { RequestHandler } from 'express';
import { checkedEventStore, startEmbeddedProjections, type CheckpointStore, type EventContracts, type EventStore, type Projection, type ProjectionProgress, type Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createServiceApp, eventSourcedReadiness } from '@csm/http';
import { plansRoutes } from './http/plans.routes';
import { reportsRoutes } from './http/reports.routes';
import { reviewQueueRoutes } from './http/review-queue.routes';
import { initiativesRoutes } from './http/initiatives.routes';
import { progressRoutes } from './http/progress.routes';
import { countyPlansProjection } from './projections/county-plans.projection';
import { countyReportsProjection } from './projections/county-reports.projection';
import { countyProgressProjection, countyRollupProjection } from './projections/county-progress.projection';
import { initiativesProjection } from './projections/initiatives.projection';
import { organizationsProjection } from './projections/organizations.projection';

/** The last one reads registration's events (its own copy of the facts it needs); the others this context's. */
export const COUNTY_PLANS_PROJECTIONS: readonly Projection[] = [
  countyPlansProjection,
  countyReportsProjection,
  countyProgressProjection,
  countyRollupProjection,
  initiativesProjection,
  organizationsProjection,
];

/** Every read model the projections above write: what a replay must rebuild identically. */
export const COUNTY_PLANS_COLLECTIONS = ['countyPlans', 'countyReports', 'countyProgress', 'countyRollup', 'initiatives', 'organizations'] as const;

interface CountyPlansAppOptions {
  store: EventStore;
  /** Appends are checked against them; deciders and history read through them. */
  contracts: EventContracts;
  readModels: ReadModels;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
  /** The subscriptions this process runs (none in an `api` process; a worker's relay too), for /readyz and /metrics. */
  subscriptions: readonly Pick<Subscription, 'name' | 'status'>[];
  authenticate: RequestHandler;
  log?: (m: string, e?: unknown) => void;
  clock?: () => Date;
}

export const createCountyPlansApp = (unchecked: CountyPlansAppOptions) => {
  const options = { ...unchecked, store: checkedEventStore(unchecked.store, unchecked.contracts) };
  return createServiceApp({
    ...(options.clock ? { clock: options.clock } : {}),
    serviceName: 'county-plans',
    version: '0.1.0',
    authenticate: options.authenticate,
    routes: [...plansRoutes(options), ...reportsRoutes(options), ...reviewQueueRoutes(options), ...progressRoutes(options), ...initiativesRoutes(options)],
    ...(options.log ? { log: options.log } : {}),
    readiness: eventSourcedReadiness(options.store, options.subscriptions),
    metrics: { subscriptions: options.subscriptions, headPosition: () => options.store.headPosition() },
  });
};

/** Embedded composition: the projections over the one log. */
export const startEmbeddedCountyPlans = async (options: Omit<CountyPlansAppOptions, 'projections' | 'subscriptions'> & { checkpoints: CheckpointStore }) => {
  const running = await startEmbeddedProjections(COUNTY_PLANS_PROJECTIONS, { store: options.store, contracts: options.contracts, checkpoints: options.checkpoints, readModels: options.readModels });
  return {
    app: createCountyPlansApp({ ...options, projections: running.progress, subscriptions: running.subscriptions }),
    caughtUp: running.caughtUp,
    stop: running.stop,
  };
};
