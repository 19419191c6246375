import type { RequestHandler } from 'express';
import type { Kafka } from 'kafkajs';
import { projectionsProgress, readModelPartitionCheckpointStore, type CheckpointStore, type EventContracts, type EventStore, type SubjectIds } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { kafkaProjector, startContextRelay, StoredProjectionProgress, storedRelayProgress, type Lease, type RelayProgress, type RunningRelay } from '@csm/bus-kafka';
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
export interface BusProposalsOptions {
  store: EventStore;
  /** The published language: appends are checked and every read upcast and parsed. */
  contracts: EventContracts;
  /** Member ids of users, under the platform's subject-id secret. */
  subjectIds: SubjectIds;
  readModels: ReadModels;
  authenticate: RequestHandler;
  /** Used by `worker` processes only: an `api` process never connects to Kafka. */
  kafka: Kafka;
  relayCheckpoints: CheckpointStore;
  /** How far registration's relay has published (its stored progress), for read-your-writes on its facts. */
  registrationRelay: RelayProgress;
  namespace?: string;
  /**
   * `api`: HTTP only, no projection, no relay; `worker`: also runs the projections and, unless
   * `runRelay` is false, the relay. Both answer reads from the stored checkpoints. Default
   * `worker`, so one process can run the whole service (tests).
   */
  role?: 'api' | 'worker';
  /** Run the relay in this `worker` process (see `startProposalsRelay`). */
  runRelay?: boolean;
  /** Elects the one replica that relays (ARCHITECTURE §6); without it, every relaying process does. */
  relayLease?: Lease;
  clock?: () => Date;
  log?: (message: string, error?: unknown) => void;
}

const relayNameOf = (options: Pick<BusProposalsOptions, 'namespace'>) => `${options.namespace ?? ''}proposals.relay`;

/**
 * How far proposals' relay has published, as it stored it: its checkpoint where the relay keeps
 * it, and the per-partition record in proposals' read-model database. County plans reads it (its awarded partnerships and the map).
 */
export const proposalsRelayProgress = (relayCheckpoints: CheckpointStore, readModels: ReadModels, namespace = '') =>
  storedRelayProgress(relayNameOf({ namespace }), relayCheckpoints, readModelPartitionCheckpointStore(readModels));

/**
 * The relay of proposals' streams to its topic, started in a `worker` process. Exactly one
 * should run per environment: this is the one place that starts it (the seam for a lease).
 */
export const startProposalsRelay = (options: BusProposalsOptions): Promise<RunningRelay> =>
  startContextRelay({
    kafka: options.kafka,
    store: options.store,
    checkpoints: options.relayCheckpoints,
    partitionCheckpoints: readModelPartitionCheckpointStore(options.readModels),
    categories: ['call', 'proposal', 'solution'],
    namespace: options.namespace ?? '',
    name: 'proposals.relay',
    ...(options.relayLease ? { lease: options.relayLease } : {}),
    ...(options.log ? { log: options.log } : {}),
  });

export const startBusProposals = async (options: BusProposalsOptions) => {
  const prefix = options.namespace ?? '';
  const worker = (options.role ?? 'worker') === 'worker';
  // Projectors keep their checkpoints beside their read models, and reads look there.
  const checkpoints = readModelPartitionCheckpointStore(options.readModels);
  const ownRelay = storedRelayProgress(relayNameOf(options), options.relayCheckpoints, checkpoints);
  const sources = PROPOSALS_PROJECTIONS.map((projection) => {
    const fromRegistration = projection === verifiedOrganizationsProjection;
    return {
      projection,
      name: `${prefix}${projection.name}`,
      topics: [`${prefix}${fromRegistration ? TOPICS.registration : TOPICS.proposals}`],
      relay: fromRegistration ? options.registrationRelay : ownRelay,
    };
  });
  const progress = projectionsProgress(
    options.store,
    sources.map(({ name, topics, relay }) => new StoredProjectionProgress({ name, topics, relay, handled: checkpoints })),
  );
  const relay = worker && options.runRelay !== false ? await startProposalsRelay(options) : undefined;
  const projectors = worker
    ? sources.map(
        ({ projection, name, topics, relay: relayProgress }) =>
          kafkaProjector({ kafka: options.kafka, projection, name, topics, contracts: options.contracts, readModels: options.readModels, checkpoints, relay: relayProgress }),
      )
    : [];
  await Promise.all(projectors.map((p) => p.start()));
  return {
    app: createProposalsApp({
      store: options.store,
      contracts: options.contracts,
      subjectIds: options.subjectIds,
      readModels: options.readModels,
      projections: progress,
      // A worker is ready only while its projectors and its relay advance.
      subscriptions: relay ? [...projectors, relay] : projectors,
      authenticate: options.authenticate,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.log ? { log: options.log } : {}),
    }),
    /** The subscriptions this process runs (none in an `api` process). */
    projections: projectors,
    /** Resolves when every projection has handled the log up to `position`, as reads see it. */
    caughtUp: (position: bigint) => progress.caughtUp(position),
    stop: async () => {
      await Promise.all(projectors.map((p) => p.stop()));
      await relay?.stop();
    },
  };
};
