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

/** The EventStore port in memory, for unit tests. Passes the same contract suite as the real adapters. */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly listeners = new Set<() => void>();

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const replay = this.replayOf(streamId, stream, events);
    if (replay) return replay;
    const actual = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    const matches = expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : actual !== 'no_stream' && actual === expected);
    if (!matches) throw new WrongExpectedRevisionError(streamId, expected, actual);
    if (events.length === 0) return { nextExpectedRevision: BigInt(stream.length - 1), position: BigInt(this.log.length - 1) };
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
    }
    this.streams.set(streamId, stream);
    for (const listener of this.listeners) listener();
    return { nextExpectedRevision: BigInt(stream.length - 1), position: stream.at(-1)!.position };
  }

  /** A retried append (same first event id already in this stream) returns the original result. */
  private replayOf(streamId: string, stream: RecordedEvent[], events: NewEvent[]): AppendResult | undefined {
    if (events.length === 0) return undefined;
    const first = events[0]!.eventId;
    const at = stream.findIndex((e) => e.eventId === first);
    if (at === -1) {
      for (const event of events) {
        if (this.log.some((e) => e.eventId === event.eventId)) throw new DuplicateEventIdError(event.eventId);
      }
      return undefined;
    }
    const last = stream[Math.min(at + events.length - 1, stream.length - 1)]!;
    return { nextExpectedRevision: last.streamRevision, position: last.position };
  }

  async readStream(streamId: string, fromRevision = 0n): Promise<RecordedEvent[]> {
    return clone((this.streams.get(streamId) ?? []).filter((e) => e.streamRevision >= fromRevision));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const start = options.after === undefined ? 0 : Number(options.after) + 1;
    return clone(this.log.slice(Math.max(0, start), Math.max(0, start) + (options.maxCount ?? 1000)));
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
