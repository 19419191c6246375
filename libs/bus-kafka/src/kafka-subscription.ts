import type { Admin, Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import {
  CaughtUpTimeoutError,
  PositionWaiters,
  type EventContracts,
  type EventHandler,
  type PartitionCheckpointStore,
  type Subscription,
  type SubscriptionStatus,
} from '@csm/eventing';
import { inEventSpan } from '@csm/telemetry';
import { deadLetterTopic } from '@csm/contracts';
import { fromMessage } from './envelope-codec';
import { partitionKey } from './partition-assignment';
import { StoredProjectionProgress, type RelayProgress } from './stored-projection-progress';

export interface KafkaSubscriptionOptions {
  kafka: Kafka;
  /** Also the consumer group id: `<service>.<projection>`. */
  name: string;
  topics: string[];
  handler: EventHandler;
  /** Event types the handler cares about; others are committed without calling it. */
  accepts?: (type: string) => boolean;
  /** Each message's event is upcast and parsed through them (envelope-codec `fromMessage`). */
  contracts?: EventContracts;
  /** Attempts before a message is dead-lettered. */
  maxAttempts?: number;
  /** Start from the beginning of the topics when the group has no committed offsets. */
  fromBeginning?: boolean;
  /**
   * How far the relay has published (its checkpoint). With it, `caughtUp(p)` is exact: once the
   * relay is past p, every partition must be consumed up to its end offset at that moment.
   * Without it, `caughtUp` only compares positions, which partitions may reach out of order.
   */
  publishedUpTo?: () => Promise<bigint>;
  /**
   * Where the projector saves, per partition, the last position it handled: the read-model
   * database its handler writes to, right after the handler's change and before the offset is
   * committed. With `relay`, `caughtUp` is answered from these stored checkpoints, exactly as an
   * `api` process answers it (stored-projection-progress.ts), so it survives restarts.
   */
  checkpoints?: PartitionCheckpointStore;
  /** The stored progress of the relay publishing `topics` (with `checkpoints`). */
  relay?: RelayProgress;
  /** Told after a message went to the dead-letter topic (for metrics and alerts). */
  onDeadLettered?: (eventId: string | undefined, reason: string) => void;
}

/**
 * A consumer-group subscription: ordered per partition, at-least-once (the offset is committed
 * only after the handler succeeded), and a message that cannot be decoded or keeps failing is
 * produced to `<topic>.dlq` with the reason, then committed, so its partition moves on.
 */
export class KafkaSubscription implements Subscription {
  readonly name: string;
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private admin?: Admin;
  /** `topic/partition` → the last offset handled (and committed). */
  private readonly handledOffsets = new Map<string, bigint>();
  private position = -1n;
  private running = false;
  private lastError?: string;
  private stalledSince?: number;
  private readonly waiters: PositionWaiters;
  /** Per partition, the position last saved to `checkpoints` (loaded once, then kept here). */
  private savedCheckpoints?: Map<string, bigint>;
  /** With `checkpoints` and `relay`: read-your-writes answered from what is stored. */
  private readonly storedProgress?: StoredProjectionProgress;

  constructor(private readonly options: KafkaSubscriptionOptions) {
    this.name = options.name;
    this.waiters = new PositionWaiters(options.name);
    const { checkpoints, relay, topics } = options;
    if (checkpoints && relay) this.storedProgress = new StoredProjectionProgress({ name: options.name, topics, relay, handled: checkpoints });
  }

  async start(): Promise<void> {
    const { kafka } = this.options;
    this.dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.dlqProducer.connect();
    this.admin = kafka.admin();
    await this.admin.connect();
    this.consumer = kafka.consumer({ groupId: this.name, sessionTimeout: 10_000, heartbeatInterval: 1000, retry: { retries: 15 } });
    const joined = new Promise<void>((resolve) => this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => resolve()));
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    this.running = true;
    await this.consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(payload) });
    await joined;
  }

  private async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    this.stalledSince ??= Date.now();
    const maxAttempts = this.options.maxAttempts ?? 3;
    let reason: string | undefined;
    let position: bigint | undefined;
    let eventId: string | undefined;
    try {
      const event = fromMessage(message.value, this.options);
      position = event.position;
      eventId = event.eventId;
      if (this.options.accepts?.(event.type) ?? true) {
        for (let attempt = 1; ; attempt++) {
          try {
            await inEventSpan(`consume ${this.name}`, event, () => this.options.handler(event));
            break;
          } catch (error) {
            if (attempt >= maxAttempts) throw error;
            await new Promise((r) => setTimeout(r, 50 * attempt));
          }
        }
      }
      this.lastError = undefined;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      this.lastError = `${topic}/${partition}@${message.offset}: ${reason}`;
      await this.dlqProducer!.send({
        topic: deadLetterTopic(topic),
        acks: -1,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...(message.headers ?? {}),
              csm_dlq_reason: reason,
              csm_dlq_subscription: this.name,
              csm_dlq_source: `${topic}/${partition}/${message.offset}`,
            },
          },
        ],
      });
      this.options.onDeadLettered?.(eventId, reason);
    }
    await this.checkpointHandled(topic, partition, position);
    await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    this.handledOffsets.set(`${topic}/${partition}`, BigInt(message.offset));
    this.stalledSince = undefined;
    if (position !== undefined && position > this.position) this.position = position;
    this.waiters.release(this.position);
  }

  /**
   * Saves the position just handled (or skipped, or dead-lettered: the partition has moved past
   * it) as this partition's checkpoint. Only positions this consumer handled, and only past what
   * it saved itself. (After a rebalance, a redelivery may write below what another member saved:
   * readers then wait until the new owner has handled the redelivered messages again, which it
   * does from the committed offset on; they never answer too early.)
   */
  private async checkpointHandled(topic: string, partition: number, position: bigint | undefined): Promise<void> {
    const { checkpoints } = this.options;
    if (!checkpoints || position === undefined) return;
    // Messages are handled one at a time (one partition at a time), so this never races.
    const saved = (this.savedCheckpoints ??= await checkpoints.load(this.name));
    const key = partitionKey(topic, partition);
    if (position <= (saved.get(key) ?? -1n)) return;
    await checkpoints.save(this.name, new Map([[key, position]]));
    saved.set(key, position);
  }

  async caughtUp(position: bigint, timeoutMs = 15_000): Promise<void> {
    if (this.storedProgress) return this.storedProgress.caughtUp(position, timeoutMs);
    if (this.options.publishedUpTo) return this.caughtUpExactly(position, timeoutMs);
    await this.waiters.wait(position, () => this.position, timeoutMs);
  }

  /** Waits for the relay to pass `position`, then for every partition to be consumed to its end. */
  private async caughtUpExactly(position: bigint, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pause = () => new Promise((r) => setTimeout(r, 25));
    while ((await this.options.publishedUpTo!()) < position) {
      if (Date.now() > deadline) throw new CaughtUpTimeoutError(this.name, position, this.position);
      await pause();
    }
    const ends = (
      await Promise.all(
        this.options.topics.map(async (topic) =>
          (await this.admin!.fetchTopicOffsets(topic)).map((p) => ({ key: `${topic}/${p.partition}`, end: BigInt(p.high) })),
        ),
      )
    ).flat();
    const behind = () => ends.filter(({ key, end }) => end > 0n && (this.handledOffsets.get(key) ?? -1n) < end - 1n);
    while (behind().length > 0) {
      if (Date.now() > deadline) throw new CaughtUpTimeoutError(this.name, position, this.position);
      await pause();
    }
  }

  status(): SubscriptionStatus {
    return {
      name: this.name,
      position: this.position,
      running: this.running,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      stalledForMs: this.stalledSince === undefined ? 0 : Date.now() - this.stalledSince,
    };
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    await this.admin?.disconnect();
  }
}
