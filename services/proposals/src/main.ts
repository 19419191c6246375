import type { RequestHandler } from 'express';
import type { CheckpointStore, SubjectIds } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { contextRelayProgress, startBusContext, startBusContextRelay, type BusContext, type BusContextOptions, type RelayProgress, type RunningRelay } from '@csm/bus-kafka';
import { TOPICS } from '@csm/contracts';
import { createProposalsApp, PROPOSALS_PROJECTIONS } from './proposals-service';
import { verifiedOrganizationsProjection } from './projections/verified-organizations.projection';

/**
 * Production composition of the proposals service: its relay publishes `call-*` and `proposal-*`
 * streams to `csm.proposals.events`; each projection is a consumer group, run by `worker`
 * processes only. The registration facts it needs arrive on `csm.registration.events`,
 * published by registration's own relay. Every process answers `minPosition` from the
 * checkpoints the projectors store beside their read models and from the relays' checkpoints.
 */
export interface BusProposalsOptions extends BusContextOptions {
  /** Member ids of users, under the platform's subject-id secret. */
  subjectIds: SubjectIds;
  authenticate: RequestHandler;
  /** How far registration's relay has published (its stored progress), for read-your-writes on its facts. */
  registrationRelay: RelayProgress;
  clock?: () => Date;
}

/** The name its relay stores its progress under: other contexts read that progress by it. */
const PROPOSALS_RELAY = 'proposals.relay';

/** What proposals' relay publishes, and which topic feeds each of its projections. */
const proposalsContext = (options: Pick<BusProposalsOptions, 'registrationRelay'>): BusContext => ({
  relayName: PROPOSALS_RELAY,
  topic: TOPICS.proposals,
  categories: ['call', 'proposal', 'solution'],
  projections: PROPOSALS_PROJECTIONS,
  consumes: [{ topic: TOPICS.registration, relay: options.registrationRelay, projections: [verifiedOrganizationsProjection] }],
});

/**
 * How far proposals' relay has published, as it stored it: its checkpoint where the relay keeps
 * it, and the per-partition record in proposals' read-model database. County plans reads it (its awarded partnerships and the map).
 */
export const proposalsRelayProgress = (relayCheckpoints: CheckpointStore, readModels: ReadModels, namespace = '') =>
  contextRelayProgress(PROPOSALS_RELAY, relayCheckpoints, readModels, namespace);

/**
 * The relay of proposals' streams to its topic, started in a `worker` process. Exactly one
 * should run per environment: this is the one place that starts it (the seam for a lease).
 */
export const startProposalsRelay = (options: BusProposalsOptions): Promise<RunningRelay> => startBusContextRelay(proposalsContext(options), options);

export const startBusProposals = (options: BusProposalsOptions) =>
  startBusContext(proposalsContext(options), options, (wiring) => createProposalsApp({ ...options, ...wiring }));
