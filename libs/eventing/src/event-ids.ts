import { createHash, randomUUID } from 'node:crypto';

/**
 * Event ids are derived from (stream, command id, index) so that a retried command produces the
 * same ids and the store can recognise it. Formatted as an RFC 4122 version-5-shaped UUID
 * because EventStoreDB requires UUID event ids.
 */
export const deterministicEventId = (streamId: string, commandId: string, index: number): string => {
  const hex = createHash('sha256').update(`${streamId}\u0000${commandId}\u0000${index}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** For commands that arrive without an Idempotency-Key: a fresh id, so nothing is deduplicated. */
export const newCommandId = (): string => randomUUID();
