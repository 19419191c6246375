import {
  projectionsProgress,
  readModelPartitionCheckpointStore,
  type CheckpointStore,
  type EventContracts,
  type EventStore,
  type Projection,
  type ProjectionProgress,
  type Subscription,
} from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import type { Kafka } from 'kafkajs';
import type { TopicSettings } from './kafka-config';
import { startContextRelay, type RunningRelay } from './context-relay';
import { kafkaProjector } from './kafka-projector';
import type { Lease } from './relay-lease';
import { StoredProjectionProgress, storedRelayProgress, type RelayProgress } from './stored-projection-progress';

/** Another context's topic, and which of this context's projections it feeds. */
export interface ConsumedTopic {
  /** The topic as `TOPICS` names it (namespaced here). */
  topic: string;
  /** The stored progress of the relay that publishes it (read-your-writes on its facts). */
  relay: RelayProgress;
  /** The projections fed from it; every projection not listed in any entry reads the context's own topic. */
  projections: readonly Projection[];
}

/** A bounded context as the bus runs it: what its relay publishes, and what each projection reads. */
export interface BusContext {
  /** `<context>.relay`: the relay's checkpoint and lease name, namespaced here. */
  relayName: string;
  /** The context's own topic (`TOPICS`), which its relay publishes to. */
  topic: string;
  /** Stream categories its relay publishes. */
  categories: readonly string[];
  /** Every projection behind its reads, in the order /readyz and /metrics list them. */
  projections: readonly Projection[];
  /** Other contexts' topics it consumes (their facts it keeps a copy of). */
  consumes?: readonly ConsumedTopic[];
}

export interface BusContextOptions {
  store: EventStore;
  /** The published language: every projected event is read through it. */
  contracts: EventContracts;
  readModels: ReadModels;
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
  /** Run the relay in this `worker` process. */
  runRelay?: boolean;
  /** Elects the one replica that relays (ARCHITECTURE §6); without it, every relaying process does. */
  relayLease?: Lease;
  /** How the relay creates the context's topics (replication factor, `min.insync.replicas`); 1 copy by default. */
  topics?: TopicSettings;
  log?: (message: string, error?: unknown) => void;
}

/** What a context's app is given: how far the projections behind its reads got, and what this process runs. */
export interface ContextWiring {
  projections: ProjectionProgress;
  /** The subscriptions this process runs (none in an `api` process; a worker's relay too), for /readyz and /metrics. */
  subscriptions: readonly Pick<Subscription, 'name' | 'status'>[];
}

/**
 * How far a context's relay has published, as it stored it: its checkpoint where the relay keeps
 * it, and the per-partition record in the context's read-model database.
 */
export const contextRelayProgress = (relayName: string, relayCheckpoints: CheckpointStore, readModels: ReadModels, namespace = ''): RelayProgress =>
  storedRelayProgress(`${namespace}${relayName}`, relayCheckpoints, readModelPartitionCheckpointStore(readModels));

/** The relay of a context's streams to its topic, started in a `worker` process. */
export const startBusContextRelay = (context: Pick<BusContext, 'relayName' | 'categories'>, options: BusContextOptions): Promise<RunningRelay> =>
  startContextRelay({
    kafka: options.kafka,
    store: options.store,
    checkpoints: options.relayCheckpoints,
    partitionCheckpoints: readModelPartitionCheckpointStore(options.readModels),
    categories: context.categories,
    namespace: options.namespace ?? '',
    name: context.relayName,
    ...(options.relayLease ? { lease: options.relayLease } : {}),
    ...(options.topics ? { topics: options.topics } : {}),
    ...(options.log ? { log: options.log } : {}),
  });

/**
 * The production composition of one context: its relay (worker only), one consumer group per
 * projection (worker only) reading its own topic or the other context's topic that feeds it, and
 * the app, which answers `minPosition` from the checkpoints the projectors store beside their
 * read models and from the relays' checkpoints, in every process.
 */
export const startBusContext = async <App>(context: BusContext, options: BusContextOptions, createApp: (wiring: ContextWiring) => App) => {
  const prefix = options.namespace ?? '';
  const worker = (options.role ?? 'worker') === 'worker';
  // Projectors keep their checkpoints beside their read models, and reads look there.
  const checkpoints = readModelPartitionCheckpointStore(options.readModels);
  const ownRelay = storedRelayProgress(`${prefix}${context.relayName}`, options.relayCheckpoints, checkpoints);
  const sources = context.projections.map((projection) => {
    const consumed = context.consumes?.find((c) => c.projections.includes(projection));
    return {
      projection,
      name: `${prefix}${projection.name}`,
      topics: [`${prefix}${consumed ? consumed.topic : context.topic}`],
      relay: consumed ? consumed.relay : ownRelay,
    };
  });
  const progress = projectionsProgress(
    options.store,
    sources.map(({ name, topics, relay }) => new StoredProjectionProgress({ name, topics, relay, handled: checkpoints })),
  );
  const relay = worker && options.runRelay !== false ? await startBusContextRelay(context, options) : undefined;
  const projectors = worker
    ? sources.map(({ projection, name, topics, relay: from }) =>
        kafkaProjector({ kafka: options.kafka, projection, name, topics, contracts: options.contracts, readModels: options.readModels, checkpoints, relay: from }),
      )
    : [];
  await Promise.all(projectors.map((p) => p.start()));
  return {
    // A worker is ready only while its projectors and its relay advance.
    app: createApp({ projections: progress, subscriptions: relay ? [...projectors, relay] : projectors }),
    /** The subscriptions this process runs (none in an `api` process). */
    projections: projectors,
    /** The relay this process runs, if it runs one. */
    relay,
    /** Resolves when every projection has handled the log up to `position`, as reads see it. */
    caughtUp: (position: bigint) => progress.caughtUp(position),
    stop: async () => {
      await Promise.all(projectors.map((p) => p.stop()));
      await relay?.stop();
    },
  };
};
