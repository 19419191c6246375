import { streamCategory, type EventContracts, type RecordedEvent } from '@csm/eventing';
import type { IHeaders, Message } from 'kafkajs';

/**
 * How an event travels on Kafka (ARCHITECTURE §5): keyed by stream id (order per stream), the
 * envelope as JSON with revisions and positions as strings, and CloudEvents' Kafka binding
 * headers so tools can route without parsing the value.
 */
export interface WireEnvelope {
  eventId: string;
  streamId: string;
  streamRevision: string;
  position: string;
  type: string;
  version: number;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
  recordedAt: string;
}

/** `traceparent`: the header's, when the publisher traces the send (the relay's publish span); else the event's own. */
export const toMessage = (event: RecordedEvent, traceparent = event.metadata.traceparent): Message => {
  const envelope: WireEnvelope = {
    eventId: event.eventId,
    streamId: event.streamId,
    streamRevision: event.streamRevision.toString(),
    position: event.position.toString(),
    type: event.type,
    version: event.version,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
  return {
    key: event.streamId,
    value: JSON.stringify(envelope),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_type: event.type,
      ce_source: `csm/${streamCategory(event.streamId)}`,
      ce_time: event.recordedAt,
      csm_version: String(event.version),
      ...(traceparent ? { traceparent } : {}),
    },
  };
};

export class UndecodableMessageError extends Error {
  constructor(reason: string) {
    super(`Undecodable message: ${reason}`);
    this.name = 'UndecodableMessageError';
  }
}

export interface DecodeOptions {
  /** The event is upcast and parsed through them; one that does not match throws `EventContractError`. */
  contracts?: EventContracts;
  /**
   * Only event types the reader handles are checked against the contracts, so a type it does
   * not know (published by a newer producer) is passed over rather than poisoning the reader.
   */
  accepts?: (type: string) => boolean;
}

/**
 * The event back from a message; anything that is not a well-formed envelope is refused, and,
 * with contracts, an event that does not match its contract (both are poison messages).
 */
export const fromMessage = (value: Buffer | null, options: DecodeOptions = {}): RecordedEvent => {
  if (!value) throw new UndecodableMessageError('empty value');
  let envelope: WireEnvelope;
  try {
    envelope = JSON.parse(value.toString('utf8')) as WireEnvelope;
  } catch {
    throw new UndecodableMessageError('value is not JSON');
  }
  const wellFormed =
    typeof envelope === 'object' &&
    envelope !== null &&
    typeof envelope.eventId === 'string' &&
    typeof envelope.streamId === 'string' &&
    typeof envelope.type === 'string' &&
    typeof envelope.version === 'number' &&
    /^\d+$/.test(String(envelope.streamRevision)) &&
    /^\d+$/.test(String(envelope.position)) &&
    typeof envelope.metadata === 'object' &&
    envelope.metadata !== null;
  if (!wellFormed) throw new UndecodableMessageError('not a CSM event envelope');
  const event: RecordedEvent = {
    eventId: envelope.eventId,
    streamId: envelope.streamId,
    streamRevision: BigInt(envelope.streamRevision),
    position: BigInt(envelope.position),
    type: envelope.type,
    version: envelope.version,
    data: envelope.data ?? {},
    metadata: envelope.metadata,
    recordedAt: envelope.recordedAt,
  };
  const { contracts, accepts } = options;
  return contracts && (accepts?.(event.type) ?? true) ? contracts.read(event) : event;
};

export const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : Array.isArray(value) ? String(value[0]) : String(value);
};
