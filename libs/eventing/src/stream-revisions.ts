import type { ReadModels } from '@csm/readmodels';

/**
 * Gap detection for projectors fed from a bus. A topic carries every event of a stream in
 * revision order (the relay publishes the whole log; Kafka keeps order per key). So a projector
 * that remembers, per stream, the last revision it saw (handled, skipped as not interesting, or
 * dead-lettered: all count as seen) knows that revision r+1 must come next: a lower one is a
 * redelivery, a higher one means an event is missing and applying it would build on a hole.
 */
export interface StreamRevisionStore {
  /**
   * True when the store outlives the process. Then a stream it has no entry for was never seen,
   * so its first event must be revision 0. A non-durable store forgets across restarts, so it
   * can only check streams it has seen since start.
   */
  readonly durable: boolean;
  load(subscription: string, streamId: string): Promise<bigint | undefined>;
  save(subscription: string, streamId: string, revision: bigint): Promise<void>;
}

export class StreamRevisionGapError extends Error {
  constructor(
    readonly subscription: string,
    readonly streamId: string,
    readonly lastSeen: bigint | undefined,
    readonly revision: bigint,
  ) {
    super(
      `Revision gap in ${streamId}: last seen revision ${lastSeen === undefined ? 'none' : lastSeen.toString()}, ` +
        `got ${revision} (expected ${lastSeen === undefined ? 0n : lastSeen + 1n}); ${subscription} stopped instead of applying on top of a hole`,
    );
    this.name = 'StreamRevisionGapError';
  }
}

export type RevisionVerdict = 'next' | 'duplicate';

/**
 * One subscription's view of the last revision seen per stream: a write-through cache over a
 * StreamRevisionStore, so the common case costs one small upsert per event and no read.
 */
export class StreamRevisionTracker {
  private readonly lastSeen = new Map<string, bigint>();

  constructor(
    private readonly subscription: string,
    private readonly store: StreamRevisionStore,
  ) {}

  /** `next` to handle it, `duplicate` to skip it; throws StreamRevisionGapError on a jump. */
  async classify(streamId: string, revision: bigint): Promise<RevisionVerdict> {
    const cached = this.lastSeen.get(streamId);
    if (cached !== undefined) {
      if (revision <= cached) return 'duplicate';
      if (revision === cached + 1n) return 'next';
    }
    // Unknown stream, or an apparent gap: the cache may be stale (another group member handled
    // the partition meanwhile, or an operator repaired the entry), so ask the store.
    const stored = await this.store.load(this.subscription, streamId);
    if (stored === undefined) this.lastSeen.delete(streamId);
    else this.lastSeen.set(streamId, stored);
    if (stored === undefined) {
      if (!this.store.durable || revision === 0n) return 'next';
      throw new StreamRevisionGapError(this.subscription, streamId, undefined, revision);
    }
    if (revision <= stored) return 'duplicate';
    if (revision === stored + 1n) return 'next';
    throw new StreamRevisionGapError(this.subscription, streamId, stored, revision);
  }

  async record(streamId: string, revision: bigint): Promise<void> {
    await this.store.save(this.subscription, streamId, revision);
    this.lastSeen.set(streamId, revision);
  }

  /** After a rebalance another member may have moved streams on: re-read them from the store. */
  forgetCached(): void {
    this.lastSeen.clear();
  }
}

/** For tests and single-process use: remembers only while the process lives. */
export const inMemoryStreamRevisions = (): StreamRevisionStore => {
  const revisions = new Map<string, bigint>();
  const key = (subscription: string, streamId: string) => `${subscription}\u0000${streamId}`;
  return {
    durable: false,
    load: async (subscription, streamId) => revisions.get(key(subscription, streamId)),
    save: async (subscription, streamId, revision) => void revisions.set(key(subscription, streamId), revision),
  };
};

/**
 * The production store: one small document per (projection, stream) in the projection's own
 * read-model database, so it survives restarts and is dropped with the read model it describes
 * (a read model rebuilt from scratch then starts expecting revision 0 again, and a read model
 * lost while its consumer group kept its offsets shows up as a gap instead of a silent hole).
 * Revisions are strings: BSON has no unsigned 64-bit integer.
 */
export const readModelStreamRevisions = (readModels: ReadModels, collectionName = 'stream_revisions'): StreamRevisionStore => {
  const documents = readModels.collection<{ _id: string; subscription: string; streamId: string; revision: string }>(collectionName);
  const id = (subscription: string, streamId: string) => `${subscription} ${streamId}`;
  return {
    durable: true,
    load: async (subscription, streamId) => {
      const doc = await documents.findOne({ _id: id(subscription, streamId) });
      return doc ? BigInt(doc.revision) : undefined;
    },
    save: async (subscription, streamId, revision) => {
      await documents.replaceOne(
        { _id: id(subscription, streamId) },
        { _id: id(subscription, streamId), subscription, streamId, revision: revision.toString() },
        { upsert: true },
      );
    },
  };
};
