import type { NewEvent, RecordedEvent } from '../event';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
} from '../event-store.port';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * The EventStore port in memory, for unit tests. Passes the same contract suite as the real
 * adapters; positions are the index in the log, so they start at 0 and have no gaps.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byEventId = new Map<string, RecordedEvent>();
  private readonly listeners = new Set<() => void>();

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const retried = this.retryOf(streamId, stream, events);
    if (retried) return retried;

    const actual = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    const matches = expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : actual === expected);
    if (!matches) throw new WrongExpectedRevisionError(streamId, expected, actual);

    // Every id is checked before anything is written: an append is all or nothing.
    const ids = new Set<string>();
    for (const { eventId } of events) {
      if (this.byEventId.has(eventId) || ids.has(eventId)) throw new DuplicateEventIdError(eventId);
      ids.add(eventId);
    }

    const recordedAt = new Date().toISOString();
    for (const event of events) {
      const recorded: RecordedEvent = {
        ...clone(event),
        streamId,
        streamRevision: BigInt(stream.length),
        position: BigInt(this.log.length),
        recordedAt,
      };
      stream.push(recorded);
      this.log.push(recorded);
      this.byEventId.set(recorded.eventId, recorded);
    }
    if (stream.length > 0) this.streams.set(streamId, stream);
    if (events.length > 0) this.notify();
    const last = stream.at(-1);
    return { nextExpectedRevision: last ? last.streamRevision : -1n, position: last ? last.position : -1n, alreadyStored: false };
  }

  /** A retried append (its first event id already in this stream) gets the original result, marked as such. */
  private retryOf(streamId: string, stream: RecordedEvent[], events: NewEvent[]): AppendResult | undefined {
    const first = events[0] && this.byEventId.get(events[0].eventId);
    if (!first) return undefined;
    if (first.streamId !== streamId) throw new DuplicateEventIdError(first.eventId);
    const last = stream[Math.min(Number(first.streamRevision) + events.length - 1, stream.length - 1)]!;
    return { nextExpectedRevision: last.streamRevision, position: last.position, alreadyStored: true };
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // The append happened; a failing listener must not turn it into an error.
      }
    }
  }

  async readStream(streamId: string, fromRevision = 0n): Promise<RecordedEvent[]> {
    return clone((this.streams.get(streamId) ?? []).filter((e) => e.streamRevision >= fromRevision));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const start = options.after === undefined || options.after < 0n ? 0 : Number(options.after) + 1;
    return clone(this.log.slice(start, start + Math.max(0, options.maxCount ?? 1000)));
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.log.length - 1);
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

export { InMemoryCheckpointStore } from '../in-memory-checkpoint-store';
