import type { Admin, Kafka, Producer } from 'kafkajs';
import {
  CatchUpSubscription,
  streamCategory,
  type CheckpointStore,
  type EventStore,
  type PartitionCheckpointStore,
  type RecordedEvent,
  type SubscriptionStatus,
} from '@csm/eventing';
import { startPublishSpan } from '@csm/telemetry';
import { toMessage } from './envelope-codec';
import { allTopics, topicFor } from './topic-routing';
import { ensureTopics } from './topic-creation';
import { partitionFor, partitionKey } from './partition-assignment';

export interface KafkaRelayOptions {
  kafka: Kafka;
  store: EventStore;
  /** Durable: the relay resumes after the last batch Kafka acknowledged. */
  checkpoints: CheckpointStore;
  /**
   * Where the relay records, per topic-partition, the last position it published there (saved
   * before its checkpoint), so processes that run no consumer can answer read-your-writes
   * (stored-projection-progress.ts). Kept where the projectors' checkpoints are: the service's
   * read-model database.
   */
  partitionCheckpoints?: PartitionCheckpointStore;
  name?: string;
  /** Stream categories this relay publishes: each context relays its own streams only. */
  categories: readonly string[];
  topicPrefix?: string;
  partitions?: number;
  replicationFactor?: number;
  /** `min.insync.replicas` of the topics it creates (the broker's default when absent). */
  minInsyncReplicas?: number;
  batchSize?: number;
  /** Appends made by other processes are noticed by polling the log this often. */
  pollIntervalMs?: number;
  /**
   * The fence of a leased relay (Lease.isHeld): asked before every batch, so a relay whose lease
   * lapsed publishes nothing more, even before its LeaderElection stops it.
   */
  mayPublish?: () => boolean;
}

export class NotLeaderError extends Error {
  constructor(name: string) {
    super(`${name} no longer holds its lease: not publishing`);
    this.name = 'NotLeaderError';
  }
}

/**
 * The event store is the outbox: this relay reads the global log after its checkpoint and
 * publishes each batch with the idempotent producer and acks from all in-sync replicas, then
 * checkpoints. A crash between publish and checkpoint re-publishes (consumers are idempotent);
 * nothing acknowledged by the store is ever skipped.
 */
export class KafkaRelay {
  private producer?: Producer;
  private subscription?: CatchUpSubscription;
  /** Partitions per topic, read once at start: adding partitions means restarting the relay. */
  private partitionCounts = new Map<string, number>();

  constructor(private readonly options: KafkaRelayOptions) {}

  async start(): Promise<void> {
    const { kafka } = this.options;
    await this.ensureTopics();
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    this.subscription = new CatchUpSubscription({
      name: this.name,
      store: this.options.store,
      checkpoints: this.options.checkpoints,
      batchSize: this.options.batchSize ?? 500,
      pollIntervalMs: this.options.pollIntervalMs ?? 200,
      accepts: (event) => this.options.categories.includes(streamCategory(event.streamId)) && topicFor(event.streamId, this.options.topicPrefix) !== undefined,
      handler: async () => undefined,
      batchHandler: (events) => this.publish(events),
    });
    await this.subscription.start();
  }

  private get name(): string {
    return this.options.name ?? 'relay';
  }

  private async publish(events: RecordedEvent[]): Promise<void> {
    if (this.options.mayPublish && !this.options.mayPublish()) throw new NotLeaderError(this.options.name ?? 'relay');
    const byTopic = new Map<string, (ReturnType<typeof toMessage> & { partition: number })[]>();
    const lastPublished = new Map<string, bigint>();
    const spans: ReturnType<typeof startPublishSpan>[] = [];
    for (const event of events) {
      const topic = topicFor(event.streamId, this.options.topicPrefix)!;
      const partition = partitionFor(topic, event.streamId, this.partitionCounts.get(topic)!);
      // One PRODUCER span per event, in the trace of the command that appended it; its
      // traceparent is the message's header, so the consumer's span continues from it.
      const span = startPublishSpan(`publish ${topic}`, event, { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.destination.partition.id': String(partition) });
      spans.push(span);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { ...toMessage(event, span.traceparent ?? event.metadata.traceparent), partition }]);
      lastPublished.set(partitionKey(topic, partition), event.position);
    }
    try {
      await this.producer!.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    } catch (error) {
      for (const span of spans) span.end(error);
      throw error;
    }
    for (const span of spans) span.end();
    // Before the checkpoint (which the catch-up subscription saves after this batch): whoever
    // sees the checkpoint at a position then finds every partition's record covering it.
    await this.options.partitionCheckpoints?.save(this.name, lastPublished);
  }

  /**
   * The partitions of this relay's topics. Just after topics are created, or while a broker that
   * just started is still loading, metadata can say "does not host this topic-partition" for a
   * few seconds: that is retried (bounded) rather than failing the worker's start.
   */
  private async topicMetadata(admin: Admin): Promise<Awaited<ReturnType<Admin['fetchTopicMetadata']>>> {
    const deadline = Date.now() + 60_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await admin.fetchTopicMetadata({ topics: allTopics(this.options.topicPrefix) });
      } catch (error) {
        const retriable = error instanceof Error && (error as { retriable?: boolean }).retriable === true;
        if (!retriable || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, Math.min(200 * attempt, 2_000)));
      }
    }
  }

  private async ensureTopics(): Promise<void> {
    await ensureTopics(this.options.kafka, {
      topicPrefix: this.options.topicPrefix,
      partitions: this.options.partitions ?? 3,
      replicationFactor: this.options.replicationFactor ?? 1,
      ...(this.options.minInsyncReplicas !== undefined ? { minInsyncReplicas: this.options.minInsyncReplicas } : {}),
    });
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const metadata = await this.topicMetadata(admin);
      this.partitionCounts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
    } finally {
      await admin.disconnect();
    }
  }

  caughtUp(position: bigint, timeoutMs?: number): Promise<void> {
    return this.subscription!.caughtUp(position, timeoutMs);
  }

  status(): SubscriptionStatus | undefined {
    return this.subscription?.status();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.producer?.disconnect();
  }
}
