import type { RecordedEvent } from './event';
import type { EventStore } from './event-store.port';
import type { CheckpointStore } from './checkpoint-store.port';
import { PositionWaiters } from './position-waiters';
import { errorReason, isPoison } from './poison';
import { exponentialBackoff, realSleep, SubscriptionStoppedError, type RetryTiming } from './retry-backoff';
export { CaughtUpTimeoutError } from './subscription-errors';

export type EventHandler = (event: RecordedEvent) => Promise<void>;

/** Where a poison event goes (see isPoison): it must never block the log forever. */
export type DeadLetterSink = (event: RecordedEvent, subscriptionName: string, reason: string) => Promise<void>;

export interface SubscriptionStatus {
  name: string;
  /** Position of the last event read and handled (or deliberately ignored); -1n before any. */
  position: bigint;
  running: boolean;
  lastError?: string;
  /**
   * Set while the subscription refuses to go on until someone intervenes (a stream revision
   * gap): /readyz fails at once, without waiting for the stall limit.
   */
  halted?: string;
  /** Milliseconds since the subscription last made progress while events were waiting. */
  stalledForMs: number;
}

/** The port every subscription offers, embedded or Kafka-backed. */
export interface Subscription {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every event up to `position` (global log) has been handled. */
  caughtUp(position: bigint, timeoutMs?: number): Promise<void>;
  status(): SubscriptionStatus;
}

export interface CatchUpOptions {
  name: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  handler: EventHandler;
  /**
   * Takes a whole batch at once instead of event by event (e.g. the Kafka relay sends a batch
   * in one request). A failing batch is retried whole; it is never dead-lettered.
   */
  batchHandler?: (events: RecordedEvent[]) => Promise<void>;
  /** Events the handler is not interested in are skipped but still advance the checkpoint. */
  accepts?: (event: RecordedEvent) => boolean;
  /**
   * How each accepted event is read before the handler sees it: upcast and parsed through the
   * contracts (`EventContracts.read`). It throws `EventContractError` for a poison event.
   */
  read?: (event: RecordedEvent) => RecordedEvent;
  /** Without one, a poison event holds the subscription (visibly, in status()) until handled. */
  deadLetter?: DeadLetterSink;
  /** Backoff between retries after an infrastructure error (default 100 ms doubling to 30 s). */
  retry?: RetryTiming;
  batchSize?: number;
  /** Appends from other processes are noticed by polling at this interval. */
  pollIntervalMs?: number;
}


/**
 * An embedded, checkpointed catch-up subscription over the store's global log. It reads in
 * batches after the checkpoint, handles each event in order (so per-stream order holds), and
 * saves the checkpoint after each batch: delivery is at-least-once, and handlers are idempotent.
 */
export class CatchUpSubscription implements Subscription {
  readonly name: string;
  private position = -1n;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingWake = false;
  private lastError?: string;
  private stalledSince?: number;
  private readonly waiters: PositionWaiters;
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;
  /** Resolves when stop() is called, to cut a backoff wait short. */
  private stopped: Promise<void> = Promise.resolve();
  private signalStopped?: () => void;

  constructor(private readonly options: CatchUpOptions) {
    this.name = options.name;
    this.waiters = new PositionWaiters(options.name);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.position = (await this.options.checkpoints.load(this.name)) ?? -1n;
    this.running = true;
    this.stopped = new Promise((resolve) => (this.signalStopped = resolve));
    this.unsubscribe = this.options.store.onAppended(() => this.poke());
    this.timer = setInterval(() => this.poke(), this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.signalStopped?.();
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.poke();
    await this.loop;
  }

  async caughtUp(position: bigint, timeoutMs = 10_000): Promise<void> {
    const reached = this.waiters.wait(position, () => this.position, timeoutMs);
    this.poke();
    await reached;
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

  private poke(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      this.pendingWake = false;
      try {
        if (await this.step(batchSize)) continue;
      } catch (error) {
        if (error instanceof SubscriptionStoppedError) break;
        // A poison event without a dead-letter sink, or the store failing to read or checkpoint,
        // holds the subscription here, visibly: status() reports the error and the stall.
        this.lastError = errorReason(error);
        await Promise.race([realSleep(500), this.stopped]);
        continue;
      }
      this.releaseWaiters();
      if (!this.running || this.pendingWake) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  /** Handles one batch; true when more events are probably waiting. */
  private async step(batchSize: number): Promise<boolean> {
    const batch = await this.options.store.readAll({ after: this.position, maxCount: batchSize });
    if (batch.length === 0) return false;
    this.stalledSince ??= Date.now();
    if (this.options.batchHandler) {
      const accepted = batch.filter((event) => this.options.accepts?.(event) ?? true);
      if (accepted.length > 0) await this.options.batchHandler(accepted);
      this.position = batch.at(-1)!.position;
      await this.options.checkpoints.save(this.name, this.position);
      this.stalledSince = undefined;
      this.releaseWaiters();
      return batch.length === batchSize;
    }
    for (const event of batch) {
      if (!this.running) break;
      if (this.options.accepts?.(event) ?? true) await this.deliver(event);
      this.position = event.position;
    }
    await this.options.checkpoints.save(this.name, this.position);
    this.stalledSince = undefined;
    this.releaseWaiters();
    return batch.length === batchSize;
  }

  /**
   * Handles one event. A poison event (isPoison) is dead-lettered and the log moves on; any other
   * error is an outage: retried with backoff, for as long as it takes, without moving past the
   * event, while status() shows the error and the stall.
   */
  private async deliver(event: RecordedEvent): Promise<void> {
    const backoff = this.options.retry?.backoff ?? exponentialBackoff();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handler(this.options.read ? this.options.read(event) : event);
        this.lastError = undefined;
        return;
      } catch (error) {
        const reason = errorReason(error);
        this.lastError = `${event.type}@${event.streamId}/${event.streamRevision}: ${reason}`;
        if (isPoison(error)) {
          if (!this.options.deadLetter) throw error;
          await this.options.deadLetter(event, this.name, reason);
          return;
        }
        const delay = backoff(attempt);
        this.lastError += ` (attempt ${attempt}, retrying in ${delay} ms)`;
        await Promise.race([(this.options.retry?.sleep ?? realSleep)(delay), this.stopped]);
        if (!this.running) throw new SubscriptionStoppedError(this.name);
      }
    }
  }

  private releaseWaiters(): void {
    this.waiters.release(this.position);
  }
}
