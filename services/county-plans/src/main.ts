import type { RequestHandler } from 'express';
import { startBusContext, startBusContextRelay, type BusContext, type BusContextOptions, type RelayProgress, type RunningRelay } from '@csm/bus-kafka';
import { TOPICS } from '@csm/contracts';
import { COUNTY_PLANS_PROJECTIONS, createCountyPlansApp } from './county-plans-service';
import { organizationsProjection } from './projections/organizations.projection';
import { awardedPartnershipsProjection } from './projections/awarded-partnerships.projection';
import { mapOrganizationsProjection, mapPartnershipsProjection } from './projections/who-does-what-where.projection';

/**
 * Production composition of the county-plans service: its relay publishes `countyPlan-*` and
 * `countyReport-*` and `initiative-*` streams to `csm.county-plans.events`; each projection is a
 * consumer group (the organisations projections read `csm.registration.events`, published by
 * registration's own relay; the awarded partnerships and the map's partnerships `csm.proposals.events`),
 * run by `worker` processes only. Every process answers `minPosition` from the checkpoints the
 * projectors store beside their read models and from the relay's checkpoint.
 */
export interface BusCountyPlansOptions extends BusContextOptions {
  authenticate: RequestHandler;
  /** How far registration's relay has published (its stored progress), for read-your-writes on its facts. */
  registrationRelay: RelayProgress;
  /** How far proposals' relay has published (its stored progress), for read-your-writes on awarded partnerships. */
  proposalsRelay: RelayProgress;
  /** The NCTC's IATI organisation identifier for the open-data export. */
  iatiReportingOrgRef?: string;
  clock?: () => Date;
}

/** What the county-plans relay publishes, and which topic feeds each of its projections (its own unless listed in `consumes`). */
const countyPlansContext = (options: Pick<BusCountyPlansOptions, 'registrationRelay' | 'proposalsRelay'>): BusContext => ({
  relayName: 'county-plans.relay',
  topic: TOPICS.countyPlans,
  categories: ['countyPlan', 'countyReport', 'initiative'],
  projections: COUNTY_PLANS_PROJECTIONS,
  consumes: [
    { topic: TOPICS.registration, relay: options.registrationRelay, projections: [organizationsProjection, mapOrganizationsProjection] },
    { topic: TOPICS.proposals, relay: options.proposalsRelay, projections: [awardedPartnershipsProjection, mapPartnershipsProjection] },
  ],
});

/** The relay of the county-plans streams to their topic: the one place it starts (the seam for a lease). */
export const startCountyPlansRelay = (options: BusCountyPlansOptions): Promise<RunningRelay> => startBusContextRelay(countyPlansContext(options), options);

export const startBusCountyPlans = (options: BusCountyPlansOptions) =>
  startBusContext(countyPlansContext(options), options, (wiring) => createCountyPlansApp({ ...options, ...wiring }));
