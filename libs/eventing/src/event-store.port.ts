import type { NewEvent, RecordedEvent } from './event';

/**
 * `'no_stream'`: the stream must not exist; `'any'`: no check; a bigint: the stream's current
 * last revision must be exactly this (0-based, so a stream with one event is at revision 0n).
 */
export type ExpectedRevision = 'no_stream' | 'any' | bigint;

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: bigint;
  /** Global position of the last event appended (or of the existing one, for an idempotent retry). */
  position: bigint;
  /**
   * True when the first event's id was already stored in this stream, so this call wrote nothing
   * and answered where the earlier events are. Exactly one of several appends carrying the same
   * ids is told `false`: the one that wrote them. The caller, not the store, decides whether the
   * stored events answer the same request (the command handler compares request fingerprints).
   */
  alreadyStored: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events with position strictly greater than this. Omit to start at the beginning. */
  after?: bigint;
  /** At most this many events (the adapter may cap it). */
  maxCount?: number;
}

/**
 * The event store port. Every adapter passes the same contract suite
 * (`describeEventStoreContract` in libs/eventing/src/testkit/event-store.contract.ts).
 *
 * Guarantees:
 * - an append is atomic and durable once its promise resolves;
 * - a conflicting expected revision rejects with `WrongExpectedRevisionError` and appends nothing;
 * - re-appending events whose ids are already stored at the same place in the stream
 *   (a retried command) appends nothing and resolves with the original result marked
 *   `alreadyStored`, even when the re-sent events differ from the stored ones;
 * - `readAll` returns events in increasing position order, and an event once visible at a
 *   position never moves.
 */
export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** All events of the stream from `fromRevision` (inclusive); [] if the stream does not exist. */
  readStream(streamId: string, fromRevision?: bigint): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event in the global log, or -1n when the log is empty. */
  headPosition(): Promise<bigint>;
  /**
   * Called after each successful append (in this process) so subscribers need not poll.
   * Returns an unsubscribe function. Adapters where appends happen elsewhere may also poll.
   */
  onAppended(listener: () => void): () => void;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id already stored elsewhere than where this append would put it. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already stored at another place`);
    this.name = 'DuplicateEventIdError';
  }
}
