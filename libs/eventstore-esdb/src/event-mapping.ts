import { jsonEvent, type EventData, type JSONEventType, type Position } from '@kurrent/kurrentdb-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '@csm/eventing';
import { logPositionOf } from './position-mapping';

/**
 * The key under which `NewEvent.version` travels in the stored metadata JSON, next to the
 * EventMetadata fields. It is separate from `schemaVersion` so that the metadata reads back
 * exactly as it was given; events stored without it read their version from `schemaVersion`.
 */
export const EVENT_VERSION_KEY = 'eventVersion';

/**
 * The key under which each append stamps a fresh random id into the stored metadata of the
 * events it sends. The server deduplicates a retried append by event ids and answers a retry
 * like a fresh write, so reading this stamp back is how the adapter learns whether THIS call
 * wrote the events (same stamp) or found them already stored (another stamp, or none).
 * It is removed on read, so metadata reads back exactly as it was given.
 */
export const APPEND_ID_KEY = 'appendId';

/** What the client hands back for one record, narrowed to what this adapter reads. */
export interface ClientRecord {
  event?: {
    streamId: string;
    id: string;
    isJson: boolean;
    revision: bigint;
    type: string;
    created: Date;
    data: unknown;
    metadata?: unknown;
    position?: Position;
  };
  commitPosition?: bigint;
}

/** A port event as the client's JSON event: same id, type and data; metadata plus the version and the append's stamp. */
export const toEventData = (event: NewEvent, appendId: string): EventData<JSONEventType> =>
  jsonEvent<JSONEventType>({
    id: event.eventId,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, [EVENT_VERSION_KEY]: event.version, [APPEND_ID_KEY]: appendId },
  });


/** EventStoreDB's own records ($-prefixed event types or streams, links) never reach the application. */
export const isSystemRecord = (record: ClientRecord): boolean => {
  const event = record.event;
  return !event || event.type.startsWith('$') || event.streamId.startsWith('$');
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/**
 * A record as the port's RecordedEvent: position = commit position, revision as stored,
 * recordedAt = the server's `created` time. Only JSON events with object data and metadata
 * are CSM events; anything else is reported rather than guessed at.
 */
export const toRecordedEvent = (record: ClientRecord): RecordedEvent => {
  const event = record.event;
  if (!event) throw new Error('EventStoreDB returned a record without an event (an unresolved link?)');
  const where = `event ${event.id} in ${event.streamId}@${event.revision}`;
  if (!event.isJson || !isPlainObject(event.data)) throw new Error(`${where} is not a JSON object event`);
  if (!isPlainObject(event.metadata)) throw new Error(`${where} has no JSON metadata`);
  const position = logPositionOf(record);
  if (!position) throw new Error(`${where}: the server reported no position (EventStoreDB older than 22.6?)`);
  const { [EVENT_VERSION_KEY]: storedVersion, [APPEND_ID_KEY]: _appendStamp, ...metadata } = event.metadata;
  const envelope = metadata as unknown as EventMetadata;
  return {
    eventId: event.id,
    type: event.type,
    version: typeof storedVersion === 'number' ? storedVersion : envelope.schemaVersion,
    data: event.data,
    metadata: envelope,
    streamId: event.streamId,
    streamRevision: event.revision,
    position: position.commit,
    recordedAt: event.created.toISOString(),
  };
};

/** The stamp of the append that wrote this record (undefined for records written before stamps existed). */
export const appendIdOf = (record: ClientRecord): string | undefined => {
  const metadata = record.event?.metadata;
  if (!isPlainObject(metadata)) return undefined;
  const stamp = metadata[APPEND_ID_KEY];
  return typeof stamp === 'string' ? stamp : undefined;
};
