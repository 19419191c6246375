import type { RequestHandler } from 'express';
import type { Kafka } from 'kafkajs';
import { projectionsProgress, readModelPartitionCheckpointStore, type CheckpointStore, type EventContracts, type EventStore } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { kafkaProjector, startContextRelay, StoredProjectionProgress, storedRelayProgress, type Lease, type RelayProgress, type RunningRelay } from '@csm/bus-kafka';
import { TOPICS } from '@csm/contracts';
import { COUNTY_PLANS_PROJECTIONS, createCountyPlansApp } from './county-plans-service';
import { organizationsProjection } from './projections/organizations.projection';
import { awardedPartnershipsProjection } from './projections/awarded-partnerships.projection';
import { mapOrganizationsProjection, mapPartnershipsProjection } from './projections/who-does-what-where.projection';

/**
 * Production composition of the county-plans service: its relay publishes `countyPlan-*` and
 * `countyReport-*` and `initiative-*` streams to `csm.county-plans.events`; each projection is a
 * consumer group (the organisations projection reads `csm.registration.events`, published by
 * registration's own relay; the awarded-partnerships projection `csm.proposals.events`, published
 * by proposals' relay),
 * run by `worker` processes only. Every process answers `minPosition` from the checkpoints the
 * projectors store beside their read models and from the relay's checkpoint.
 */
export interface BusCountyPlansOptions {
  store: EventStore;
  /** The published language: appends are checked and every read upcast and parsed. */
  contracts: EventContracts;
  readModels: ReadModels;
  authenticate: RequestHandler;
  /** Used by `worker` processes only: an `api` process never connects to Kafka. */
  kafka: Kafka;
  relayCheckpoints: CheckpointStore;
  /** How far registration's relay has published (its stored progress), for read-your-writes on its facts. */
  registrationRelay: RelayProgress;
  /** How far proposals' relay has published (its stored progress), for read-your-writes on awarded partnerships. */
  proposalsRelay: RelayProgress;
  /** The NCTC's IATI organisation identifier for the open-data export. */
  iatiReportingOrgRef?: string;
  namespace?: string;
  /** `api`: HTTP only; `worker`: also the projections and, unless `runRelay` is false, the relay. Default `worker`. */
  role?: 'api' | 'worker';
  runRelay?: boolean;
  /** Elects the one replica that relays (ARCHITECTURE §6); without it, every relaying process does. */
  relayLease?: Lease;
  clock?: () => Date;
  log?: (message: string, error?: unknown) => void;
}

const RELAY_NAME = 'county-plans.relay';

/** The relay of the county-plans streams to their topic: the one place it starts (the seam for a lease). */
export const startCountyPlansRelay = (options: BusCountyPlansOptions): Promise<RunningRelay> =>
  startContextRelay({
    kafka: options.kafka,
    store: options.store,
    checkpoints: options.relayCheckpoints,
    partitionCheckpoints: readModelPartitionCheckpointStore(options.readModels),
    categories: ['countyPlan', 'countyReport', 'initiative'],
    namespace: options.namespace ?? '',
    name: RELAY_NAME,
    ...(options.relayLease ? { lease: options.relayLease } : {}),
    ...(options.log ? { log: options.log } : {}),
  });

export const startBusCountyPlans = async (options: BusCountyPlansOptions) => {
  const prefix = options.namespace ?? '';
  const worker = (options.role ?? 'worker') === 'worker';
  // Projectors keep their checkpoints beside their read models, and reads look there.
  const checkpoints = readModelPartitionCheckpointStore(options.readModels);
  const relayProgress = storedRelayProgress(`${prefix}${RELAY_NAME}`, options.relayCheckpoints, checkpoints);
  // Projections of other contexts' facts read those contexts' topics and wait on their relays.
  const otherContexts = new Map([
    [organizationsProjection, { topic: TOPICS.registration, relay: options.registrationRelay }],
    [mapOrganizationsProjection, { topic: TOPICS.registration, relay: options.registrationRelay }],
    [mapPartnershipsProjection, { topic: TOPICS.proposals, relay: options.proposalsRelay }],
    [awardedPartnershipsProjection, { topic: TOPICS.proposals, relay: options.proposalsRelay }],
  ]);
  const sources = COUNTY_PLANS_PROJECTIONS.map((projection) => {
    const from = otherContexts.get(projection) ?? { topic: TOPICS.countyPlans, relay: relayProgress };
    return {
      projection,
      name: `${prefix}${projection.name}`,
      topics: [`${prefix}${from.topic}`],
      relay: from.relay,
    };
  });
  const progress = projectionsProgress(
    options.store,
    sources.map(({ name, topics, relay }) => new StoredProjectionProgress({ name, topics, relay, handled: checkpoints })),
  );
  const relay = worker && options.runRelay !== false ? await startCountyPlansRelay(options) : undefined;
  const projectors = worker
    ? sources.map(({ projection, name, topics, relay: from }) => kafkaProjector({ kafka: options.kafka, projection, name, topics, contracts: options.contracts, readModels: options.readModels, checkpoints, relay: from }))
    : [];
  await Promise.all(projectors.map((p) => p.start()));
  return {
    app: createCountyPlansApp({
      store: options.store,
      contracts: options.contracts,
      readModels: options.readModels,
      projections: progress,
      // A worker is ready only while its projectors and its relay advance.
      subscriptions: relay ? [...projectors, relay] : projectors,
      authenticate: options.authenticate,
      ...(options.iatiReportingOrgRef ? { iatiReportingOrgRef: options.iatiReportingOrgRef } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.log ? { log: options.log } : {}),
    }),
    projections: projectors,
    caughtUp: (position: bigint) => progress.caughtUp(position),
    stop: async () => {
      await Promise.all(projectors.map((p) => p.stop()));
      await relay?.stop();
    },
  };
};
