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
import { organizationsRoutes } from './http/organizations.routes';
import { awardedPartnershipsProjection } from './projections/awarded-partnerships.projection';
import { traceRoutes } from './http/trace.routes';
import { openDataRoutes } from './http/open-data.routes';
import { mapOrganizationsProjection, mapPartnershipsProjection, whoDoesWhatWhereProjection, MAP_INITIATIVES, MAP_ORGANIZATIONS, MAP_PARTNERSHIPS, MAP_PLAN_ACTIONS, MAP_PLAN_ACTION_ROWS } from './projections/who-does-what-where.projection';
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
export const COUNTY_PLANS_COLLECTIONS = ['countyPlans', 'countyReports', 'countyProgress', 'countyRollup', 'initiatives', 'organizations', 'countyRollupCounties', 'countyRollupFigures', 'countyProgressFacts', 'countyRollupPeriods', 'partnershipCalls', 'partnershipProposals', MAP_INITIATIVES, MAP_PLAN_ACTIONS, MAP_ORGANIZATIONS, MAP_PARTNERSHIPS, MAP_PLAN_ACTION_ROWS] as const;

interface CountyPlansAppOptions extends ContextAppDeps {
  readModels: ReadModels;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
  /** The NCTC's IATI organisation identifier (reporting-org `ref`); a documented placeholder without it. */
  iatiReportingOrgRef?: string;
}

export const createCountyPlansApp = (options: CountyPlansAppOptions) =>
  createContextApp(options, {
    serviceName: 'county-plans',
    routes: (o) => [
      ...plansRoutes(o),
      ...reportsRoutes(o),
      ...reviewQueueRoutes(o),
      ...progressRoutes(o),
      ...initiativesRoutes(o),
      ...organizationsRoutes(o),
      ...traceRoutes(o),
      ...openDataRoutes(o),
      ...mapRoutes(o),
    ],
  });

/** Embedded composition: the projections over the one log. */
export const startEmbeddedCountyPlans = (options: Omit<CountyPlansAppOptions, 'projections' | 'subscriptions'> & { checkpoints: CheckpointStore }) =>
  startEmbeddedContext(COUNTY_PLANS_PROJECTIONS, { store: options.store, contracts: options.contracts, checkpoints: options.checkpoints, readModels: options.readModels }, (wiring) =>
    createCountyPlansApp({ ...options, ...wiring }),
  );
