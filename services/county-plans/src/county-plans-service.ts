import { startEmbeddedContext, type CheckpointStore, type Projection, type ProjectionProgress } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createContextApp, type ContextAppDeps } from '@csm/http';
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

interface CountyPlansAppOptions extends ContextAppDeps {
  readModels: ReadModels;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
}

export const createCountyPlansApp = (options: CountyPlansAppOptions) =>
  createContextApp(options, {
    serviceName: 'county-plans',
    routes: (o) => [...plansRoutes(o), ...reportsRoutes(o), ...reviewQueueRoutes(o), ...progressRoutes(o), ...initiativesRoutes(o)],
  });

/** Embedded composition: the projections over the one log. */
export const startEmbeddedCountyPlans = (options: Omit<CountyPlansAppOptions, 'projections' | 'subscriptions'> & { checkpoints: CheckpointStore }) =>
  startEmbeddedContext(COUNTY_PLANS_PROJECTIONS, { store: options.store, contracts: options.contracts, checkpoints: options.checkpoints, readModels: options.readModels }, (wiring) =>
    createCountyPlansApp({ ...options, ...wiring }),
  );
