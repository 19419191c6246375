import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type Position,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
} from '@csm/eventing';
import { isStreamNotFound, isWrongExpectedVersion, toWrongExpectedRevision } from './error-mapping';
import { appendIdOf, isSystemRecord, toEventData, toRecordedEvent, type ClientRecord } from './event-mapping';
import { comparePositions, logPositionOf, readPositionAfter, readRevisionFrom, toStreamState } from './position-mapping';

/** The part of the KurrentDB client this adapter uses (a test can hand in its own). */
export type EsdbClient = Pick<KurrentDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'dispose'>;

const DEFAULT_MAX_COUNT = 1000;
/** readAll never returns more than this in one call (the port lets an adapter cap it). */
const MAX_COUNT_CAP = 4096;
/** Records per round trip when scanning $all, system records included. */
const PAGE_SIZE = 512;
/** How far back a retried append looks for its last event when the server's answer does not point at it. */
const RETRY_LOOKBACK = 1000;

/**
 * The production EventStore on EventStoreDB / KurrentDB.
 *
 * - Expected revisions are checked by the server; its WrongExpectedVersionError becomes the
 *   port's WrongExpectedRevisionError with the actual revision.
 * - Idempotent retries are the server's: re-appending the same event ids at the same expected
 *   revision writes nothing and succeeds. Because a retry and a fresh append look alike in the
 *   server's answer, every append reads its last event back and answers with that event's
 *   revision and position, so a retry answers exactly like the original did; the random stamp
 *   each append puts in the metadata (APPEND_ID_KEY) tells whether this call wrote the event
 *   or found it already stored (`alreadyStored`), even for two concurrent appends of one id.
 * - EventStoreDB does not index event ids: the same id appended to ANOTHER stream is accepted,
 *   so this adapter cannot raise DuplicateEventIdError (the command handler derives ids from the
 *   stream id, so the case does not arise from it).
 * - Positions are commit positions. Every event appended over gRPC commits itself
 *   (commit === prepare), so each event has its own, strictly increasing position.
 * - System events ($-types, $-streams) are hidden from readAll and headPosition.
 * - Reading $all needs a user allowed to (by default an admin): put it in the connection string.
 */
export class EsdbEventStore implements EventStore {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: EsdbClient) {}

  /** e.g. `esdb://admin:changeit@eventstoredb:2113?tls=false` or `kurrentdb+discover://…`. */
  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(KurrentDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return this.checkOnly(streamId, expected);
    const appendId = randomUUID();
    let result: ClientAppendResult;
    try {
      result = await this.client.appendToStream(streamId, events.map((event) => toEventData(event, appendId)), { streamState: toStreamState(expected) });
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error;
      throw toWrongExpectedRevision(error, streamId, expected) ??
        new WrongExpectedRevisionError(streamId, expected, await this.currentRevisionOrNoStream(streamId));
    }
    // A client built with throwOnAppendFailure=false answers a conflict instead of throwing it.
    if (!result.success) throw new WrongExpectedRevisionError(streamId, expected, await this.currentRevisionOrNoStream(streamId));
    const stored = await this.locate(streamId, events.at(-1)!.eventId, result.nextExpectedRevision);
    const alreadyStored = appendIdOf(stored) !== appendId;
    if (!alreadyStored) this.notifyAppended();
    return { ...resultOf(toRecordedEvent(stored)), alreadyStored };
  }

  async readStream(streamId: string, fromRevision = 0n): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: readRevisionFrom(fromRevision), direction: FORWARDS })) {
        events.push(toRecordedEvent(resolved));
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? -1n;
    const wanted = Math.min(Math.max(Math.trunc(options.maxCount ?? DEFAULT_MAX_COUNT), 0), MAX_COUNT_CAP);
    const events: RecordedEvent[] = [];
    if (wanted === 0) return events;
    // The read starts AT `after` and interleaves system records, so page through $all and keep
    // only application events strictly after `after`.
    let from: ReadPosition = readPositionAfter(options.after);
    let last: Position | undefined;
    for (;;) {
      const page = await this.readAllPage(from, FORWARDS);
      let progressed = false;
      for (const record of page) {
        const position = logPositionOf(record);
        if (!position) throw new Error('EventStoreDB returned a $all record without a position');
        if (last && comparePositions(position, last) <= 0) continue;
        last = position;
        progressed = true;
        if (position.commit <= after || isSystemRecord(record)) continue;
        events.push(toRecordedEvent(record));
        if (events.length === wanted) return events;
      }
      if (page.length < PAGE_SIZE || !progressed || !last) return events;
      from = last;
    }
  }

  async headPosition(): Promise<bigint> {
    let from: ReadPosition = END;
    let last: Position | undefined;
    for (;;) {
      const page = await this.readAllPage(from, BACKWARDS);
      let progressed = false;
      for (const record of page) {
        const position = logPositionOf(record);
        if (!position) throw new Error('EventStoreDB returned a $all record without a position');
        if (last && comparePositions(position, last) >= 0) continue;
        last = position;
        progressed = true;
        if (!isSystemRecord(record)) return position.commit;
      }
      if (page.length < PAGE_SIZE || !progressed || !last) return -1n;
      from = last;
    }
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.client.dispose();
  }

  /**
   * Where the last event of this append is now. The server's revision points at it both for a
   * fresh append and for a retry at the same expected revision; if it does not (a retry with
   * `any`, which the server deduplicates only best effort), look for the event id further back.
   */
  private async locate(streamId: string, lastEventId: string, reportedRevision: bigint): Promise<ClientRecord> {
    const [atReported] = await this.readClientRecords(streamId, reportedRevision, FORWARDS, 1);
    if (atReported && sameId(atReported.event!.id, lastEventId)) return atReported;
    for (const record of await this.readClientRecords(streamId, END, BACKWARDS, RETRY_LOOKBACK)) {
      if (sameId(record.event!.id, lastEventId)) return record;
    }
    throw new Error(`EventStoreDB accepted an append to ${streamId} but event ${lastEventId} cannot be found in it`);
  }

  /** An empty append writes nothing; it still answers whether the expected revision holds. */
  private async checkOnly(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.readRecords(streamId, END, BACKWARDS, 1);
    const actual = last ? last.streamRevision : 'no_stream';
    const holds = expected === 'any' || expected === actual;
    if (!holds) throw new WrongExpectedRevisionError(streamId, expected, actual);
    return { ...(last ? resultOf(last) : { nextExpectedRevision: -1n, position: -1n }), alreadyStored: false };
  }

  private async currentRevisionOrNoStream(streamId: string): Promise<bigint | 'no_stream'> {
    try {
      const [last] = await this.readRecords(streamId, END, BACKWARDS, 1);
      return last ? last.streamRevision : 'no_stream';
    } catch {
      return 'no_stream'; // only used to describe a conflict; the conflict itself is what matters
    }
  }

  private async readRecords(streamId: string, fromRevision: bigint | typeof END, direction: typeof FORWARDS | typeof BACKWARDS, maxCount: number): Promise<RecordedEvent[]> {
    return (await this.readClientRecords(streamId, fromRevision, direction, maxCount)).map(toRecordedEvent);
  }

  private async readClientRecords(streamId: string, fromRevision: bigint | typeof END, direction: typeof FORWARDS | typeof BACKWARDS, maxCount: number): Promise<ClientRecord[]> {
    const records: ClientRecord[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision, direction, maxCount })) records.push(resolved);
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return records;
  }

  private async readAllPage(fromPosition: ReadPosition, direction: typeof FORWARDS | typeof BACKWARDS): Promise<ClientRecord[]> {
    const page: AllStreamResolvedEvent[] = [];
    for await (const record of this.client.readAll({ fromPosition, direction, maxCount: PAGE_SIZE })) page.push(record);
    return page;
  }

  private notifyAppended(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // The append is durable already; a failing listener must not turn it into an error.
      }
    }
  }
}

const resultOf = (event: RecordedEvent): Omit<AppendResult, 'alreadyStored'> => ({ nextExpectedRevision: event.streamRevision, position: event.position });

/** The server may print a UUID in another case than it was given. */
const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
