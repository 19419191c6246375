import { BACKWARDS, END, FORWARDS, jsonEvent, KurrentDBClient, START, StreamNotFoundError, type JSONEventType } from '@kurrent/kurrentdb-client';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, RecordedEvent } from '@csm/eventing';
import { isSystemEvent, mapAppendError, toRecordedEvent, toStreamState } from './esdb-mapping';

/**
 * The production EventStore on EventStoreDB / KurrentDB. Expected revisions, idempotent
 * appends (EventStoreDB itself ignores events whose ids it already holds at that place) and the
 * global log are the server's; this adapter maps them to the port and hides system events.
 * It does not detect an event id reused in ANOTHER stream: EventStoreDB accepts that.
 */
export class EsdbEventStore implements EventStore {
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly client: KurrentDBClient) {}

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(KurrentDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    let result;
    try {
      result = await this.client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent<JSONEventType>({ id: e.eventId, type: e.type, data: e.data, metadata: { ...e.metadata, schemaVersion: e.version } }),
        ),
        { streamState: toStreamState(expected) },
      );
    } catch (error) {
      throw mapAppendError(error, streamId, expected);
    }
    for (const listener of this.listeners) listener();
    return this.resultOf(streamId, events, result.nextExpectedRevision);
  }

  /**
   * Where our last event is. After an idempotent retry the stream may have moved on, so the
   * server's "next expected revision" is not necessarily ours: look our event up.
   */
  private async resultOf(streamId: string, events: NewEvent[], nextExpectedRevision: bigint): Promise<AppendResult> {
    const lastId = events.at(-1)?.eventId;
    for await (const resolved of this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1000 })) {
      const recorded = toRecordedEvent(resolved);
      if (lastId === undefined || recorded.eventId === lastId) return { nextExpectedRevision: recorded.streamRevision, position: recorded.position };
    }
    return { nextExpectedRevision, position: -1n };
  }

  async readStream(streamId: string, fromRevision = 0n): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: fromRevision === 0n ? START : fromRevision, direction: FORWARDS })) {
        events.push(toRecordedEvent(resolved));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? -1n;
    const maxCount = options.maxCount ?? 1000;
    const events: RecordedEvent[] = [];
    const fromPosition = after < 0n ? START : { commit: after, prepare: after };
    // The read starts AT `after` (inclusive) and includes system events; it streams lazily and
    // stops as soon as enough application events were read.
    for await (const resolved of this.client.readAll({ fromPosition, direction: FORWARDS })) {
      if (isSystemEvent(resolved)) continue;
      const recorded = toRecordedEvent(resolved);
      if (recorded.position <= after) continue;
      events.push(recorded);
      if (events.length >= maxCount) break;
    }
    return events;
  }

  async headPosition(): Promise<bigint> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1000 })) {
      if (!isSystemEvent(resolved)) return toRecordedEvent(resolved).position;
    }
    return -1n;
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.client.dispose();
  }
}
