import { z } from 'zod';
import { verifyChain, type EventStore } from '@csm/eventing';

const ChainVerdict = z.union([
  z.object({ intact: z.literal(true), length: z.number().int(), headHash: z.string() }).strict(),
  z.object({ intact: z.literal(false), brokenAtRevision: z.string(), reason: z.string() }).strict(),
]);

/** The answer of every `…/history` route. Event data and envelopes are the events' own (contracts/). */
export const StreamHistoryBody = z
  .object({
    streamId: z.string(),
    chain: ChainVerdict,
    events: z.array(
      z
        .object({
          eventId: z.string(),
          type: z.string(),
          version: z.number().int(),
          revision: z.string(),
          position: z.string(),
          recordedAt: z.string(),
          data: z.record(z.string(), z.unknown()),
          metadata: z.looseObject({ correlationId: z.string(), causationId: z.string(), actor: z.looseObject({ subject: z.string() }), hash: z.string(), prevHash: z.string() }),
        })
        .strict(),
    ),
  })
  .strict();

/**
 * One stream's complete history with the verdict of its hash chain, as auditors read it:
 * every event with its envelope (actor, correlation, time, hashes). Null when the stream is empty.
 * Read through a contract-checked store, events show at their current version (`storedVersion`
 * says what an upcast one was stored as) while the chain is verified over what was stored.
 */
export const streamHistory = async (store: EventStore, streamId: string) => {
  const events = await store.readStream(streamId);
  if (events.length === 0) return null;
  return {
    streamId,
    chain: verifyChain(events),
    events: events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      version: e.version,
      ...(e.storedAs ? { storedVersion: e.storedAs.version } : {}),
      revision: e.streamRevision.toString(),
      position: e.position.toString(),
      recordedAt: e.recordedAt,
      data: e.data,
      metadata: e.metadata,
    })),
  };
};
