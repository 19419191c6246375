import type { RequestHandler } from 'express';
import type { Kafka } from 'kafkajs';
import {
  embeddedProjector,
  projectionsProgress,
  readModelPartitionCheckpointStore,
  type CheckpointStore,
  type DeadLetterSink,
  type EventContracts,
  type EventStore,
  type PersonalDataVault,
  type ProjectionProgress,
  type SubjectIds,
  type Subscription,
} from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { kafkaProjector, startContextRelay, StoredProjectionProgress, storedRelayProgress, type Lease, type RunningRelay } from '@csm/bus-kafka';
import { TOPICS } from '@csm/contracts';
import { createRegistrationApp, REGISTRATION_PROJECTIONS } from './registration-service';

/**
 * Composition roots of the registration service. The app is the same in both; only where its
 * projections get events from, and how reads learn how far they got, differ: the embedded
 * default runs them as catch-up subscriptions over the store in this process; production runs
 * the relay (store → Kafka) and one consumer group per projection in `worker` processes, and
 * every process answers `minPosition` from the checkpoints those store in the read-model
 * database. This is the only file that knows Kafka exists.
 */
interface CommonOptions {
  store: EventStore;
  /** The published language: appends are checked and every read upcast and parsed. */
  contracts: EventContracts;
  readModels: ReadModels;
  vault: PersonalDataVault;
  /** Pseudonymous ids of people, under the configured subject-id secret. */
  subjectIds: SubjectIds;
  authenticate: RequestHandler;
  log?: (message: string, error?: unknown) => void;
}

const assemble = (options: CommonOptions, progress: ProjectionProgress, subscriptions: readonly Subscription[], stopExtra: () => Promise<void>, relay?: RunningRelay) => ({
  app: createRegistrationApp({
    store: options.store,
    contracts: options.contracts,
    readModels: options.readModels,
    vault: options.vault,
    subjectIds: options.subjectIds,
    projections: progress,
    // A worker is ready only while its projectors and its relay advance.
    subscriptions: relay ? [...subscriptions, relay] : subscriptions,
    authenticate: options.authenticate,
    ...(options.log ? { log: options.log } : {}),
  }),
  /** The subscriptions this process runs (none in an `api` process). */
  projections: subscriptions,
  /** Resolves when every projection has handled the log up to `position`, as reads see it. */
  caughtUp: (position: bigint) => progress.caughtUp(position),
  stop: async () => {
    await Promise.all(subscriptions.map((p) => p.stop()));
    await stopExtra();
  },
});

export interface EmbeddedRegistrationOptions extends CommonOptions {
  /** Embedded read models live in memory and are rebuilt from the log, so their checkpoints do too. */
  checkpoints: CheckpointStore;
  deadLetter?: DeadLetterSink;
}

export const startEmbeddedRegistration = async (options: EmbeddedRegistrationOptions) => {
  const projections = REGISTRATION_PROJECTIONS.map((projection) =>
    embeddedProjector(projection, {
      store: options.store,
      contracts: options.contracts,
      checkpoints: options.checkpoints,
      readModels: options.readModels,
      ...(options.deadLetter ? { deadLetter: options.deadLetter } : {}),
    }),
  );
  await Promise.all(projections.map((p) => p.start()));
  return assemble(options, projectionsProgress(options.store, projections), projections, async () => undefined);
};

export interface BusRegistrationOptions extends CommonOptions {
  /** Used by `worker` processes only: an `api` process never connects to Kafka. */
  kafka: Kafka;
  /** Durable checkpoints for the relay (the store's own in the embedded store). */
  relayCheckpoints: CheckpointStore;
  /** Prefixes topics, consumer groups and checkpoint names, so environments can share a cluster. */
  namespace?: string;
  /**
   * `api`: HTTP only, no projection, no relay; `worker`: also runs the projections and, unless
   * `runRelay` is false, the relay. Both answer reads from the stored checkpoints. Default
   * `worker`, so one process can run the whole service (tests).
   */
  role?: 'api' | 'worker';
  /** Run the relay in this `worker` process (see `startRegistrationRelay`). */
  runRelay?: boolean;
  /** Elects the one replica that relays (ARCHITECTURE §6); without it, every relaying process does. */
  relayLease?: Lease;
}

const relayNameOf = (options: Pick<BusRegistrationOptions, 'namespace'>) => `${options.namespace ?? ''}registration.relay`;
const topicOf = (options: Pick<BusRegistrationOptions, 'namespace'>) => `${options.namespace ?? ''}${TOPICS.registration}`;

/**
 * How far registration's relay has published, as it stored it: its checkpoint where the relay
 * keeps it, and the per-partition record in the read-model database. Proposals reads it too.
 */
export const registrationRelayProgress = (relayCheckpoints: CheckpointStore, readModels: ReadModels, namespace = '') =>
  storedRelayProgress(relayNameOf({ namespace }), relayCheckpoints, readModelPartitionCheckpointStore(readModels));

/**
 * The relay of registration's streams to its topic, started in a `worker` process. Exactly one
 * should run per environment: this is the one place that starts it (the seam for a lease).
 */
export const startRegistrationRelay = (options: BusRegistrationOptions): Promise<RunningRelay> =>
  startContextRelay({
    kafka: options.kafka,
    store: options.store,
    checkpoints: options.relayCheckpoints,
    partitionCheckpoints: readModelPartitionCheckpointStore(options.readModels),
    categories: ['organization', 'dataSubject'],
    namespace: options.namespace ?? '',
    name: 'registration.relay',
    ...(options.relayLease ? { lease: options.relayLease } : {}),
    ...(options.log ? { log: options.log } : {}),
  });

export const startBusRegistration = async (options: BusRegistrationOptions) => {
  const prefix = options.namespace ?? '';
  const worker = (options.role ?? 'worker') === 'worker';
  const relayProgress = registrationRelayProgress(options.relayCheckpoints, options.readModels, prefix);
  // Projectors keep their checkpoints beside their read models, and reads look there.
  const checkpoints = readModelPartitionCheckpointStore(options.readModels);
  const progress = projectionsProgress(
    options.store,
    REGISTRATION_PROJECTIONS.map(
      (projection) => new StoredProjectionProgress({ name: `${prefix}${projection.name}`, topics: [topicOf(options)], relay: relayProgress, handled: checkpoints }),
    ),
  );
  const relay = worker && options.runRelay !== false ? await startRegistrationRelay(options) : undefined;
  const projectors = worker
    ? REGISTRATION_PROJECTIONS.map(
        (projection) =>
          kafkaProjector({
            kafka: options.kafka,
            projection,
            name: `${prefix}${projection.name}`,
            topics: [topicOf(options)],
            contracts: options.contracts,
            readModels: options.readModels,
            checkpoints,
            relay: relayProgress,
          }),
      )
    : [];
  await Promise.all(projectors.map((p) => p.start()));
  return { ...assemble(options, progress, projectors, async () => relay?.stop(), relay), relay };
};
