import { applyOnce, type Projection, type RecordedEvent, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { ResourceContent, ResourceEvent, ResourceStatus, ResourceSubmitter } from '@csm/contracts';

/** One version of an item's content, when it was submitted and (if it was) published. */
export interface LibraryItemVersion extends ResourceContent {
  itemVersion: number;
  submittedAt: string;
  publishedAt?: string;
}

/**
 * Answers the library's questions from one document per item: the public's (the `published`
 * version, searched and fed — its fields are what both search adapters index and filter on),
 * the submitter's ("my submissions") and the editors' (the review queue: `pending.stage`).
 */
export interface LibraryItemView extends Tracked {
  _id: string;
  resourceId: string;
  status: ResourceStatus;
  submittedBy: ResourceSubmitter;
  published?: LibraryItemVersion;
  pending?: LibraryItemVersion & { stage: 'in-review' | 'changes-requested' };
  firstPublishedAt?: string;
  lastDecision?: { decision: 'changes-requested' | 'rejected' | 'published' | 'retired'; itemVersion?: number; reason?: string; at: string };
  submittedAt: string;
  updatedAt: string;
  /** The stream revision (ETag). */
  streamRevision: number;
}

export const LIBRARY_ITEMS = 'libraryItems';

const statusOf = (view: Pick<LibraryItemView, 'published' | 'pending'>, retired = false): ResourceStatus => {
  if (retired) return 'retired';
  if (view.published) return 'published';
  if (view.pending) return view.pending.stage;
  return 'rejected';
};

const next = (current: LibraryItemView | null, event: ResourceEvent, recorded: RecordedEvent): Omit<LibraryItemView, '_applied'> | null => {
  const at = recorded.metadata.occurredAt;
  const streamRevision = Number(recorded.streamRevision);
  if (event.type === 'ResourceSubmitted') {
    const pending = { ...event.data.content, itemVersion: 1, submittedAt: at, stage: 'in-review' as const };
    return { _id: event.data.resourceId, resourceId: event.data.resourceId, status: 'in-review', submittedBy: event.data.submittedBy, pending, submittedAt: at, updatedAt: at, streamRevision };
  }
  if (!current) return null;
  const { _applied: _tracked, ...base0 } = current;
  const base = { ...base0, updatedAt: at, streamRevision };
  switch (event.type) {
    case 'ResourceRevisionSubmitted': {
      const updated = { ...base, pending: { ...event.data.content, itemVersion: event.data.itemVersion, submittedAt: at, stage: 'in-review' as const } };
      return { ...updated, status: statusOf(updated) };
    }
    case 'ResourceChangesRequested': {
      const updated = { ...base, pending: { ...base.pending!, stage: 'changes-requested' as const }, lastDecision: { decision: 'changes-requested' as const, itemVersion: event.data.itemVersion, reason: event.data.reason, at } };
      return { ...updated, status: statusOf(updated) };
    }
    case 'ResourcePublished': {
      const { pending, ...rest } = base;
      const { stage: _stage, ...version } = pending!;
      const updated = { ...rest, published: { ...version, publishedAt: at }, firstPublishedAt: base.firstPublishedAt ?? at, lastDecision: { decision: 'published' as const, itemVersion: event.data.itemVersion, at } };
      return { ...updated, status: statusOf(updated) };
    }
    case 'ResourceRejected': {
      const { pending: _rejected, ...rest } = base;
      const updated = { ...rest, lastDecision: { decision: 'rejected' as const, itemVersion: event.data.itemVersion, reason: event.data.reason, at } };
      return { ...updated, status: statusOf(updated) };
    }
    case 'ResourceRetired': {
      const { pending: _dropped, ...rest } = base;
      const updated = { ...rest, lastDecision: { decision: 'retired' as const, reason: event.data.reason, at } };
      return { ...updated, status: statusOf(updated, true) };
    }
    default: {
      const _unknown: never = event;
      return base;
    }
  }
};

export const libraryItemsProjection: Projection = {
  name: 'resources.library-items',
  eventTypes: ['ResourceSubmitted', 'ResourceRevisionSubmitted', 'ResourceChangesRequested', 'ResourcePublished', 'ResourceRejected', 'ResourceRetired'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as ResourceEvent;
    const collection: Collection<LibraryItemView> = readModels.collection(LIBRARY_ITEMS);
    await applyOnce(collection, event.data.resourceId, recorded, (current) => next(current, event, recorded));
  },
};
