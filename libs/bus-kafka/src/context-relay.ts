import type { CheckpointStore, EventStore, PartitionCheckpointStore, SubscriptionStatus } from '@csm/eventing';
import type { Kafka } from 'kafkajs';
import type { TopicSettings } from './kafka-config';
import { KafkaRelay } from './kafka-relay';
import { ensureTopics } from './topic-creation';
import { LeaderElection, type Lease } from './relay-lease';

export interface ContextRelayOptions {
  kafka: Kafka;
  store: EventStore;
  /** The relay's own checkpoint (the log's file embedded, the read-model database with ESDB). */
  checkpoints: CheckpointStore;
  /** Per topic-partition, the last position published there: what `api` pods read-your-writes from. */
  partitionCheckpoints: PartitionCheckpointStore;
  /** Stream categories this context relays. */
  categories: readonly string[];
  /** `CSM_NAMESPACE`: prefixes topics and the relay's name. */
  namespace: string;
  /** `<context>.relay`, namespaced here. */
  name: string;
  /** Among worker replicas, only the holder relays, and the relay checks it before every batch. */
  lease?: Lease;
  /** How the context's topics are created (`CSM_TOPIC_REPLICATION_FACTOR`, `CSM_TOPIC_MIN_INSYNC_REPLICAS`); 1 copy by default. */
  topics?: TopicSettings;
  log?: (message: string, error?: unknown) => void;
}

/** A relay that is running (or standing by for the lease), as a worker's /readyz and /metrics see it. */
export interface RunningRelay {
  readonly name: string;
  status(): SubscriptionStatus;
  stop(): Promise<void>;
}

/**
 * Starts one context's relay (store → its Kafka topic) in a `worker` process: the one place a
 * relay is started, so the lease and the read-your-writes record are never forgotten.
 */
export const startContextRelay = async (options: ContextRelayOptions): Promise<RunningRelay> => {
  const name = `${options.namespace}${options.name}`;
  const { lease } = options;
  // Topics first, in every worker replica and before the lease: a broker refusing them (a
  // replication factor above its broker count) stops the worker at start with the broker's
  // reason, instead of a standby that retries for ever while looking ready.
  await ensureTopics(options.kafka, { topicPrefix: options.namespace, ...options.topics });
  const makeRelay = () =>
    new KafkaRelay({
      kafka: options.kafka,
      store: options.store,
      checkpoints: options.checkpoints,
      partitionCheckpoints: options.partitionCheckpoints,
      categories: options.categories,
      topicPrefix: options.namespace,
      ...options.topics,
      name,
      ...(lease ? { mayPublish: () => lease.isHeld() } : {}),
    });
  const relay = lease ? new LeaderElection(lease, makeRelay, options.log) : makeRelay();
  await relay.start();
  return {
    name,
    status: () => relay.status() ?? { name, position: -1n, running: false, stalledForMs: 0 },
    stop: () => relay.stop(),
  };
};
