import type { RequestHandler } from 'express';
import { checkedEventStore, embeddedProjector, projectionsProgress, type CheckpointStore, type EventContracts, type EventStore, type Projection, type ProjectionProgress, type Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createServiceApp, eventSourcedReadiness } from '@csm/http';
import { plansRoutes } from './http/plans.routes';
import { reportsRoutes } from './http/reports.routes';
import { reviewQueueRoutes } from './http/review-queue.routes';
import { initiativesRoutes } from './http/initiatives.routes';
import { progressRoutes } from './http/progress.routes';
import { organizationsRoutes } from './http/organizations.routes';
import { countyPlansProjection } from './projections/county-plans.projection';
import { countyReportsProjection } from './projections/county-reports.projection';
import { countyProgressProjection, countyRollupProjection } from './projections/county-progress.projection';
import { initiativesProjection } from './projections/initiatives.projection';
import { organizationsProjection } from './projections/organizations.projection';
import { awardedPartnershipsProjection } from './projections/awarded-partnerships.projection';
import { traceRoutes } from './http/trace.routes';
import { openDataRoutes } from './http/open-data.routes';

import { mapOrganizationsProjection, mapPartnershipsProjection, whoDoesWhatWhereProjection, MAP_INITIATIVES, MAP_ORGANIZATIONS, MAP_PARTNERSHIPS, MAP_PLAN_ACTIONS } from './projections/who-does-what-where.projection';
import { mapRoutes } from './http/map.routes';

/**
 * `organizationsProjection` and `mapOrganizationsProjection` read registration's events,
 * `awardedPartnershipsProjection` and `mapPartnershipsProjection` proposals' (this context's own
 * copies of the facts it needs); the others this context's.
 */
export const COUNTY_PLANS_PROJECTIONS: readonly Projection[] = [
  countyPlansProjection,
  countyReportsProjection,
  countyProgressProjection,
  countyRollupProjection,
  initiativesProjection,
  organizationsProjection,
  awardedPartnershipsProjection,
  // The map of who does what where: one projection per topic (this context's, registration's, proposals').
  whoDoesWhatWhereProjection,
  mapOrganizationsProjection,
  mapPartnershipsProjection,
];

/** Every read model the projections above write: what a replay must rebuild identically. */
export const COUNTY_PLANS_COLLECTIONS = ['countyPlans', 'countyReports', 'countyProgress', 'countyRollup', 'initiatives', 'organizations', 'countyRollupCounties', 'countyRollupFigures', 'countyProgressFacts', 'countyRollupPeriods', 'partnershipCalls', 'partnershipProposals', MAP_INITIATIVES, MAP_PLAN_ACTIONS, MAP_ORGANIZATIONS, MAP_PARTNERSHIPS] as const;

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
  /** The NCTC's IATI organisation identifier (reporting-org `ref`); a documented placeholder without it. */
  iatiReportingOrgRef?: string;
}

export const createCountyPlansApp = (unchecked: CountyPlansAppOptions) => {
  const options = { ...unchecked, store: checkedEventStore(unchecked.store, unchecked.contracts) };
  return createServiceApp({
    ...(options.clock ? { clock: options.clock } : {}),
    serviceName: 'county-plans',
    version: '0.1.0',
    authenticate: options.authenticate,
    routes: [...plansRoutes(options), ...reportsRoutes(options), ...reviewQueueRoutes(options), ...progressRoutes(options), ...initiativesRoutes(options), ...organizationsRoutes(options), ...traceRoutes(options), ...openDataRoutes(options), ...mapRoutes(options)],
    ...(options.log ? { log: options.log } : {}),
    readiness: eventSourcedReadiness(options.store, options.subscriptions),
    metrics: { subscriptions: options.subscriptions, headPosition: () => options.store.headPosition() },
  });
};

/** Embedded composition: the projections over the one log. */
export const startEmbeddedCountyPlans = async (options: Omit<CountyPlansAppOptions, 'projections' | 'subscriptions'> & { checkpoints: CheckpointStore }) => {
  const projections = COUNTY_PLANS_PROJECTIONS.map((projection) =>
    embeddedProjector(projection, { store: options.store, contracts: options.contracts, checkpoints: options.checkpoints, readModels: options.readModels }),
  );
  await Promise.all(projections.map((p) => p.start()));
  const progress = projectionsProgress(options.store, projections);
  return {
    app: createCountyPlansApp({ ...options, projections: progress, subscriptions: projections }),
    caughtUp: (position: bigint) => progress.caughtUp(position),
    stop: () => Promise.all(projections.map((p) => p.stop())).then(() => undefined),
  };
};
