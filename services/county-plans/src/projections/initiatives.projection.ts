import { applyOnce, type Projection, type RecordedEvent, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import { initiativeKey, type InitiativeContent, type InitiativeEvent } from '@csm/contracts';

/**
 * Answers "who does what where": one document per initiative with the fields the map filters on
 * (counties, pillars, organisation type, status, period) at the top level, so each is one query.
 */
export interface InitiativeView extends Tracked, InitiativeContent {
  _id: string;
  organizationId: string;
  organizationType: string;
  initiativeId: string;
  status: 'active' | 'closed';
  featured: boolean;
  changesRequested?: { reason: string; at: string };
  declaredAt: string;
  updatedAt: string;
  closedOn?: string;
  /** The stream revision (ETag). */
  streamRevision: number;
}

export const INITIATIVES = 'initiatives';

const next = (current: InitiativeView | null, event: InitiativeEvent, recorded: RecordedEvent): InitiativeView | null => {
  const at = recorded.metadata.occurredAt;
  const streamRevision = Number(recorded.streamRevision);
  const { organizationId, initiativeId } = event.data;
  if (event.type === 'InitiativeDeclared') {
    return {
      _id: initiativeKey(organizationId, initiativeId),
      organizationId,
      organizationType: event.data.organizationType,
      initiativeId,
      ...event.data.initiative,
      status: 'active',
      featured: false,
      declaredAt: at,
      updatedAt: at,
      streamRevision,
    };
  }
  if (!current) return null;
  const base = { ...current, streamRevision, updatedAt: at };
  switch (event.type) {
    case 'InitiativeAmended': {
      const { changesRequested: _answered, endsOn: _endsOn, ...rest } = base;
      return { ...rest, ...event.data.initiative };
    }
    case 'InitiativeFeatured':
      return { ...base, featured: true };
    case 'InitiativeChangesRequested':
      return { ...base, changesRequested: { reason: event.data.reason, at } };
    case 'InitiativeClosed':
      return { ...base, status: 'closed', closedOn: event.data.closedOn };
    default: {
      const _unknown: never = event;
      return base;
    }
  }
};

export const initiativesProjection: Projection = {
  name: 'county-plans.initiatives',
  eventTypes: ['InitiativeDeclared', 'InitiativeAmended', 'InitiativeFeatured', 'InitiativeChangesRequested', 'InitiativeClosed'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as InitiativeEvent;
    const collection: Collection<InitiativeView> = readModels.collection(INITIATIVES);
    await applyOnce(collection, initiativeKey(event.data.organizationId, event.data.initiativeId), recorded, (current) => next(current, event, recorded));
  },
};
