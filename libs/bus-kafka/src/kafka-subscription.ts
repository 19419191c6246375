import type { Admin, Consumer, EachMessagePayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import {
  CaughtUpTimeoutError,
  errorReason,
  exponentialBackoff,
  inMemoryStreamRevisions,
  isPoison,
  PositionWaiters,
  realSleep,
  StreamRevisionGapError,
  StreamRevisionTracker,
  SubscriptionStoppedError,
  type EventContracts,
  type EventHandler,
  type PartitionCheckpointStore,
  type RecordedEvent,
  type RetryTiming,
  type StreamRevisionStore,
  type Subscription,
  type SubscriptionStatus,
} from '@csm/eventing';
import { inEventSpan } from '@csm/telemetry';
import { deadLetterTopic } from '@csm/contracts';
import { fromMessage, headerText } from './envelope-codec';
import { DLQ_HEADERS, REPLAY_FOR_HEADER } from './dead-letters';
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
  /**
   * Each accepted event is upcast and parsed through them (envelope-codec `fromMessage`); one
   * that does not match its contract is poison (`EventContractError`) and is dead-lettered.
   */
  contracts?: EventContracts;
  /** Backoff between retries of a message after an infrastructure error (100 ms doubling to 30 s). */
  retry?: RetryTiming;
  /**
   * Where the last revision seen per stream is kept, for gap detection. Production passes a
   * durable one (readModelStreamRevisions, in the projection's own database); the default, in
   * memory, only checks streams seen since this process started. A subscription started
   * mid-topic (`fromBeginning: false`) must not use a durable one: its first event of a stream
   * is not revision 0.
   */
  streamRevisions?: StreamRevisionStore;
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
 * only after the handler succeeded). A poison message (undecodable, or refused by the handler
 * with an error isPoison names) is produced to `<topic>.dlq` with the reason, then committed, so
 * its partition moves on; any other error is retried with backoff, uncommitted, until it passes.
 * A stream revision jump (a gap) halts the subscription instead of applying on top of the hole.
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
  private halted?: string;
  private readonly waiters: PositionWaiters;
  private readonly revisions: StreamRevisionTracker;
  /** Resolves when stop() is called, to cut a backoff wait short. */
  private stopped: Promise<void> = Promise.resolve();
  private signalStopped?: () => void;
  /** Per partition, the position last saved to `checkpoints` (loaded once, then kept here). */
  private savedCheckpoints?: Map<string, bigint>;
  /** With `checkpoints` and `relay`: read-your-writes answered from what is stored. */
  private readonly storedProgress?: StoredProjectionProgress;

  constructor(private readonly options: KafkaSubscriptionOptions) {
    this.name = options.name;
    this.waiters = new PositionWaiters(options.name);
    this.revisions = new StreamRevisionTracker(options.name, options.streamRevisions ?? inMemoryStreamRevisions());
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
    // After a rebalance, streams this member handled before may have moved on elsewhere.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.revisions.forgetCached());
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    this.running = true;
    this.stopped = new Promise((resolve) => (this.signalStopped = resolve));
    await this.consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(payload) });
    await joined;
  }

  private async handle(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    this.stalledSince ??= Date.now();
    let position: bigint | undefined;
    let event: RecordedEvent | undefined;
    try {
      event = fromMessage(message.value);
    } catch (error) {
      await this.deadLetter(topic, partition, message, errorReason(error), undefined);
    }
    if (event) {
      position = event.position;
      await this.handleUntilDone(payload, event);
    }
    await this.untilSaved(payload, () => this.checkpointHandled(topic, partition, position));
    await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    this.handledOffsets.set(`${topic}/${partition}`, BigInt(message.offset));
    this.stalledSince = undefined;
    if (position !== undefined && position > this.position) this.position = position;
    this.waiters.release(this.position);
  }

  /**
   * Handles one decoded event until it is done: handled, skipped (not accepted, a redelivery,
   * or re-driven for another subscription), or dead-lettered as poison. Every other failure,
   * including a revision gap, is retried after a backoff without committing, as long as it takes.
   */
  private async handleUntilDone({ topic, partition, message, heartbeat }: EachMessagePayload, event: RecordedEvent): Promise<void> {
    // `npm run dlq -- replay` re-drives a dead letter on its topic for the subscription that failed it.
    const replayFor = headerText(message.headers, REPLAY_FOR_HEADER);
    if (replayFor !== undefined && replayFor !== this.name) return;
    const backoff = this.options.retry?.backoff ?? exponentialBackoff();
    let deadLettered = false;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!deadLettered) {
          // A re-driven dead letter was counted as seen when it was dead-lettered.
          if (replayFor === undefined && (await this.revisions.classify(event.streamId, event.streamRevision)) === 'duplicate') {
            this.halted = undefined;
            return;
          }
          try {
            if (this.options.accepts?.(event.type) ?? true) {
              // Upcast and parsed here, inside the poison boundary: a contract mismatch is dead-lettered and counted as seen.
              const read = this.options.contracts ? fromMessage(message.value, this.options) : event;
              await inEventSpan(`consume ${this.name}`, read, () => this.options.handler(read), headerText(message.headers, 'traceparent'));
            }
            this.lastError = undefined;
          } catch (error) {
            if (!isPoison(error)) throw error;
            await this.deadLetter(topic, partition, message, errorReason(error), event.eventId);
            deadLettered = true;
          }
        }
        if (replayFor === undefined) await this.revisions.record(event.streamId, event.streamRevision);
        this.halted = undefined;
        return;
      } catch (error) {
        if (error instanceof StreamRevisionGapError) this.halted = error.message;
        const delay = backoff(attempt);
        this.lastError = `${topic}/${partition}@${message.offset} ${event.type} ${event.streamId}@${event.streamRevision}: ${errorReason(error)} (attempt ${attempt}, retrying in ${delay} ms)`;
        await this.waitBeforeRetry(delay, heartbeat);
      }
    }
  }

  /** Retries a write of this subscription's own bookkeeping through a database outage, as handling does. */
  private async untilSaved({ topic, partition, message, heartbeat }: EachMessagePayload, save: () => Promise<void>): Promise<void> {
    const backoff = this.options.retry?.backoff ?? exponentialBackoff();
    for (let attempt = 1; ; attempt++) {
      try {
        return await save();
      } catch (error) {
        const delay = backoff(attempt);
        this.lastError = `${topic}/${partition}@${message.offset} saving the checkpoint: ${errorReason(error)} (attempt ${attempt}, retrying in ${delay} ms)`;
        await this.waitBeforeRetry(delay, heartbeat);
      }
    }
  }

  /** Waits in slices, heartbeating so the group does not evict this member during a long outage. */
  private async waitBeforeRetry(delayMs: number, heartbeat: () => Promise<void>): Promise<void> {
    const sleep = this.options.retry?.sleep ?? realSleep;
    for (let left = delayMs; ; ) {
      if (!this.running) throw new SubscriptionStoppedError(this.name);
      const slice = Math.min(left, 1000);
      await Promise.race([sleep(slice), this.stopped]);
      if (!this.running) throw new SubscriptionStoppedError(this.name);
      await heartbeat();
      left -= slice;
      if (left <= 0) return;
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: string, eventId: string | undefined): Promise<void> {
    this.lastError = `${topic}/${partition}@${message.offset} dead-lettered: ${reason}`;
    await this.dlqProducer!.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...(message.headers ?? {}),
            [DLQ_HEADERS.reason]: reason,
            [DLQ_HEADERS.subscription]: this.name,
            [DLQ_HEADERS.source]: `${topic}/${partition}/${message.offset}`,
            [DLQ_HEADERS.at]: new Date().toISOString(),
          },
        },
      ],
    });
    this.options.onDeadLettered?.(eventId, reason);
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
      ...(this.halted ? { halted: this.halted } : {}),
      stalledForMs: this.stalledSince === undefined ? 0 : Date.now() - this.stalledSince,
    };
  }

  async stop(): Promise<void> {
    this.running = false;
    this.signalStopped?.();
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    await this.admin?.disconnect();
  }
}
