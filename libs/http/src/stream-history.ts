import { verifyChain, type EventStore } from '@csm/eventing';

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
