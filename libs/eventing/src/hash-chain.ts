import { createHash } from 'node:crypto';
import type { EventMetadata, RecordedEvent } from './event';

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

export interface HashedContent {
  eventId: string;
  streamId: string;
  streamRevision: bigint;
  type: string;
  version: number;
  data: unknown;
  metadata: Omit<EventMetadata, 'hash'>;
}

/** sha256 over the previous hash and this event's canonical content (including its place). */
export const eventHash = (content: HashedContent): string =>
  createHash('sha256')
    .update(content.metadata.prevHash)
    .update('\n')
    .update(
      canonicalJson({
        ...content,
        streamRevision: content.streamRevision.toString(),
      }),
    )
    .digest('hex');

export type ChainVerdict =
  | { intact: true; length: number; headHash: string }
  | { intact: false; brokenAtRevision: string; reason: string };

/** Re-computes every hash of a stream in order; the first mismatch names where history was altered. */
export const verifyChain = (events: RecordedEvent[]): ChainVerdict => {
  let prevHash = '';
  for (const event of events) {
    const { hash, ...rest } = event.metadata;
    if (rest.prevHash !== prevHash) {
      return { intact: false, brokenAtRevision: event.streamRevision.toString(), reason: 'prevHash does not match the previous event' };
    }
    // An upcast event is verified over what was stored and hashed, not over its current form.
    const stored = event.storedAs ?? event;
    const expected = eventHash({
      eventId: event.eventId,
      streamId: event.streamId,
      streamRevision: event.streamRevision,
      type: event.type,
      version: stored.version,
      data: stored.data,
      metadata: rest,
    });
    if (expected !== hash) {
      return { intact: false, brokenAtRevision: event.streamRevision.toString(), reason: 'content does not match its hash' };
    }
    prevHash = hash;
  }
  return { intact: true, length: events.length, headHash: prevHash };
};
