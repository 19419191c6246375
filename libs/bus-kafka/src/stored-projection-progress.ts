import { CaughtUpTimeoutError, type CheckpointStore, type PartitionCheckpointStore, type ProjectionProgress } from '@csm/eventing';
import { topicOfPartitionKey } from './partition-assignment';

/** How far a relay has got, as it stored it (read by processes that do not run it). */
export interface RelayProgress {
  /** Every event of the log up to this position has been published (or was not the relay's to publish). */
  checkpoint(): Promise<bigint>;
  /** Per topic-partition, the position of the last event the relay published there. */
  published(): Promise<Map<string, bigint>>;
}

/** A relay's progress from where it stores it: its checkpoint, and its per-partition record. */
export const storedRelayProgress = (name: string, checkpoints: CheckpointStore, partitions: PartitionCheckpointStore): RelayProgress => ({
  checkpoint: async () => (await checkpoints.load(name)) ?? -1n,
  published: () => partitions.load(name),
});

export interface StoredProjectionProgressOptions {
  /** The projector's checkpoint name (its consumer group). */
  name: string;
  /** The topics it consumes (a relay may publish to others). */
  topics: readonly string[];
  /** The relay that publishes those topics. */
  relay: RelayProgress;
  /** Where the projector saves, per partition, the last position it handled (its read-model database). */
  handled: PartitionCheckpointStore;
  pollIntervalMs?: number;
}

/**
 * Whether a Kafka-fed projector has handled the log up to a position, answered from checkpoints
 * stored in the databases, never from a consumer's own offsets: any process can ask (an `api`
 * pod runs no consumer), and a restarted or rebalanced consumer loses nothing.
 *
 * Why it is exact. Positions are global, but partitions are consumed independently, so a single
 * "last position handled" is not monotonic across partitions: partition 1 may be at 90 while
 * partition 0 still owes 40. Instead:
 * - the relay publishes in log order, chooses partitions itself, and saves per partition the
 *   last position it published there, *before* saving its checkpoint;
 * - the projector handles each partition in offset order, which is log order (a re-publish
 *   after a relay crash only repeats events after ones already there), and saves per partition
 *   the last position it handled, right after handling it and before committing the offset.
 * So once the relay checkpoint is ≥ p, a per-partition record read after it covers every event
 * up to p in that partition, and `minPosition = p` holds when every partition's handled
 * position is ≥ min(p, lastPublished(partition)). A partition never published to owes nothing.
 * When a partition has had events after p published by the time it is read, the rule asks for
 * a little more than p needs there (its next event handled too): it may wait longer, never less.
 */
export class StoredProjectionProgress implements ProjectionProgress {
  /** Highest position seen caught up: stored checkpoints only grow, so lower ones need no query. */
  private reached = -1n;

  constructor(private readonly options: StoredProjectionProgressOptions) {}

  async caughtUp(position: bigint, timeoutMs = 15_000): Promise<void> {
    if (position <= this.reached) return;
    await this.waitFor(position, timeoutMs);
    if (position > this.reached) this.reached = position;
  }

  private async waitFor(position: bigint, timeoutMs: number): Promise<void> {
    const { name, relay, handled } = this.options;
    const deadline = Date.now() + timeoutMs;
    const pause = () => new Promise((r) => setTimeout(r, this.options.pollIntervalMs ?? 25));
    for (let checkpoint = await relay.checkpoint(); checkpoint < position; checkpoint = await relay.checkpoint()) {
      if (Date.now() >= deadline) throw new CaughtUpTimeoutError(`${name} (relay)`, position, checkpoint);
      await pause();
    }
    const topics = new Set(this.options.topics);
    const owed = [...(await relay.published())]
      .filter(([key]) => topics.has(topicOfPartitionKey(key)))
      .map(([key, last]) => ({ key, needed: last < position ? last : position }));
    for (;;) {
      const done = await handled.load(name);
      const behind = owed.filter(({ key, needed }) => (done.get(key) ?? -1n) < needed);
      if (behind.length === 0) return;
      if (Date.now() >= deadline) {
        const lowest = behind.map(({ key }) => done.get(key) ?? -1n).reduce((a, b) => (a < b ? a : b));
        throw new CaughtUpTimeoutError(name, position, lowest);
      }
      await pause();
    }
  }
}
