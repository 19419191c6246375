import type { Kafka } from 'kafkajs';
import type { TopicSettings } from './kafka-config';
import { allTopics } from './topic-routing';

export interface EnsureTopicsOptions extends Partial<TopicSettings> {
  /** `CSM_NAMESPACE`: prefixes every topic. */
  topicPrefix?: string;
  /** Partitions of each topic created (3 by default). */
  partitions?: number;
}

/** A broker refused to create topics (a replication factor above its broker count, a bad setting): never retried. */
export class TopicCreationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopicCreationRefused';
  }
}

/**
 * Creates every context topic and its `.dlq` that does not exist yet, with the configured
 * replication factor and `min.insync.replicas`. Idempotent: existing topics are left as they are
 * (a topic already created by another replica counts as created). A broker's refusal is thrown
 * as `TopicCreationRefused` naming the topics, the settings and the broker's reason.
 */
export const ensureTopics = async (kafka: Kafka, options: EnsureTopicsOptions = {}): Promise<void> => {
  const replicationFactor = options.replicationFactor ?? 1;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = allTopics(options.topicPrefix).filter((t) => !existing.has(t));
    const topics = missing.flatMap((topic) => [topic, `${topic}.dlq`]).map((topic) => ({
      topic,
      numPartitions: options.partitions ?? 3,
      replicationFactor,
      configEntries: [
        // Topics keep every event: a projection started later reads each stream from revision 0,
        // and one that found a stream's first events deleted would halt on the gap.
        { name: 'retention.ms', value: '-1' },
        ...(options.minInsyncReplicas !== undefined ? [{ name: 'min.insync.replicas', value: String(options.minInsyncReplicas) }] : []),
      ],
    }));
    if (topics.length === 0) return;
    try {
      await admin.createTopics({ topics, waitForLeaders: true });
    } catch (error) {
      const reasons = [...new Set(((error as { errors?: unknown[] }).errors ?? [error]).map((e) => {
        // kafkajs reports the broker's error code (`type`) with its own description of it.
        const type = (e as { type?: unknown }).type;
        return `${e instanceof Error ? e.message : String(e)}${typeof type === 'string' ? ` (${type})` : ''}`;
      }))];
      const settings = `replication factor ${replicationFactor}${options.minInsyncReplicas !== undefined ? `, min.insync.replicas ${options.minInsyncReplicas}` : ''}`;
      throw new TopicCreationRefused(
        `Kafka refused to create ${missing.join(', ')} (and their .dlq) with ${settings}: ${reasons.join('; ')}. ` +
          'Check CSM_TOPIC_REPLICATION_FACTOR and CSM_TOPIC_MIN_INSYNC_REPLICAS against the number of brokers.',
      );
    }
  } finally {
    await admin.disconnect();
  }
};
