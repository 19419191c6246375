import type { Collection, Document, ReadModels } from '@csm/readmodels';
import type { RecordedEvent } from './event';
import { CatchUpSubscription } from './subscription';
import type { EventContracts } from './event-contracts';
import { inEventSpan } from '@csm/telemetry';

/**
 * A projection turns events into one read model. It is fed by a subscription (embedded or
 * Kafka), so it must be idempotent: `applyOnce` makes redelivery harmless.
 */
export interface Projection {
  /** Also the consumer-group / checkpoint name: `<service>.<projection>`. */
  name: string;
  /** Event types it reacts to; others are skipped without touching the read model. */
  eventTypes: readonly string[];
  apply(event: RecordedEvent, readModels: ReadModels): Promise<void>;
}

/** Read-model documents remember, per source stream, the last revision applied to them. */
export type Tracked = Document & { _applied?: Record<string, number> };

/**
 * Applies an event to one document at most once. `change` gets the current document (or null)
 * and returns the next one, or null to delete it. A redelivered or older event is ignored.
 * Safe because one projector handles a stream's events in order (one consumer per partition).
 */
/** MongoDB field names may not contain '.' or start with '$': stream ids are escaped as keys. */
export const trackingKey = (streamId: string): string => streamId.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24');

export const applyOnce = async <T extends Tracked>(
  collection: Collection<T>,
  documentId: string,
  event: RecordedEvent,
  change: (current: T | null) => Omit<T, '_applied'> | null,
): Promise<void> => {
  const current = await collection.findOne({ _id: documentId });
  const revision = Number(event.streamRevision);
  const key = trackingKey(event.streamId);
  const applied = current?._applied?.[key];
  if (applied !== undefined && applied >= revision) return;
  const next = change(current);
  if (next === null) {
    await collection.deleteOne({ _id: documentId });
    return;
  }
  const tracked = { ...next, _id: documentId, _applied: { ...(current?._applied ?? {}), [key]: revision } } as T;
  await collection.replaceOne({ _id: documentId }, tracked, { upsert: true });
};

/** Routes an event to the projection if it is one of the types it handles. */
export const projectEvent = async (projection: Projection, event: RecordedEvent, readModels: ReadModels): Promise<void> => {
  if (projection.eventTypes.includes(event.type)) await projection.apply(event, readModels);
};

export interface ProjectorOptions {
  store: import('./event-store.port').EventStore;
  /** Every event the projection handles is read through them (upcast, then parsed). */
  contracts: EventContracts;
  checkpoints: import('./checkpoint-store.port').CheckpointStore;
  readModels: ReadModels;
  deadLetter?: import('./subscription').DeadLetterSink;
}

/** The embedded way to run a projection: a checkpointed catch-up subscription over the log. */
export const embeddedProjector = (projection: Projection, options: ProjectorOptions): CatchUpSubscription =>
  new CatchUpSubscription({
    name: projection.name,
    store: options.store,
    checkpoints: options.checkpoints,
    accepts: (event) => projection.eventTypes.includes(event.type),
    read: (event) => options.contracts.read(event),
    handler: (event) => inEventSpan(`project ${projection.name}`, event, () => projection.apply(event, options.readModels)),
    ...(options.deadLetter ? { deadLetter: options.deadLetter } : {}),
  });
