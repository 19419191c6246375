import type { RequestHandler } from 'express';
import { startBusContext, startBusContextRelay, type BusContext, type BusContextOptions, type RelayProgress, type RunningRelay } from '@csm/bus-kafka';
import { TOPICS } from '@csm/contracts';
import { createResourcesApp, RESOURCES_PROJECTIONS } from './resources-service';
import { organizationsProjection } from './projections/organizations.projection';
import type { LibrarySearch } from './search/library-search';

/**
 * Production composition of the resources service: its relay publishes `resource-*` streams to
 * `csm.resources.events`; each projection is a consumer group (the organisations projection reads
 * `csm.registration.events`, published by registration's relay), run by `worker` processes only.
 */
export interface BusResourcesOptions extends BusContextOptions {
  authenticate: RequestHandler;
  /** How far registration's relay has published (its stored progress), for read-your-writes on its facts. */
  registrationRelay: RelayProgress;
  /** The library's search port (MongoDB `$text`, or the minisearch index over the read models). */
  search?: LibrarySearch;
  clock?: () => Date;
}

const resourcesContext = (options: Pick<BusResourcesOptions, 'registrationRelay'>): BusContext => ({
  relayName: 'resources.relay',
  topic: TOPICS.resources,
  categories: ['resource'],
  projections: RESOURCES_PROJECTIONS,
  consumes: [{ topic: TOPICS.registration, relay: options.registrationRelay, projections: [organizationsProjection] }],
});

/** The relay of the resources streams to their topic: the one place it starts (the seam for a lease). */
export const startResourcesRelay = (options: BusResourcesOptions): Promise<RunningRelay> => startBusContextRelay(resourcesContext(options), options);

export const startBusResources = (options: BusResourcesOptions) =>
  startBusContext(resourcesContext(options), options, (wiring) => createResourcesApp({ ...options, ...wiring }));
