/** Who did it: taken from the verified access token, never from the request body. */
export interface Actor {
  subject: string;
  organizationId?: string;
  roles: string[];
}

/** Envelope metadata carried by every stored event (ARCHITECTURE §5). */
export interface EventMetadata {
  correlationId: string;
  causationId: string;
  actor: Actor;
  /** W3C trace context of the request that caused the event, when there was one. */
  traceparent?: string;
  /** The schema version of `data`, also exposed as `RecordedEvent.version`. */
  schemaVersion: number;
  /** Hash of the previous event in the same stream ('' for the first). */
  prevHash: string;
  /** sha256 over this event's content and `prevHash`: tampering breaks the chain. */
  hash: string;
  /** When the command was decided (ISO-8601), from the command's metadata. */
  occurredAt: string;
  /** The command's request fingerprint, to recognise a reused idempotency key. */
  requestHash?: string;
}

/** An event about to be appended. `eventId` is deterministic from the command id. */
export interface NewEvent {
  eventId: string;
  type: string;
  version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** An event as read back: revision in its stream, position in the global log. */
export interface RecordedEvent extends NewEvent {
  streamId: string;
  /** 0-based revision within the stream. */
  streamRevision: bigint;
  /** Commit position in the global log; strictly increasing, gaps allowed. */
  position: bigint;
  /** When the store recorded it (ISO-8601). */
  recordedAt: string;
  /**
   * Set on an event read through the contracts that was upcast: the version and data as stored
   * (and hashed). Stores never set it.
   */
  storedAs?: { version: number; data: Record<string, unknown> };
}

/** The category of a stream id: everything before the first hyphen (EventStoreDB's rule). */
export const streamCategory = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
};
