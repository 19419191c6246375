import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { CallDetails, CallEvent } from '@csm/contracts';
import type { CallStatus } from '../domain/call';

/** Answers "which calls are open, and what do they ask for?" */
export interface CallView extends Tracked {
  _id: string;
  status: CallStatus;
  details: CallDetails;
  revision: number;
  publishedAt?: string;
  cancellationReason?: string;
  questions: number;
  answered: number;
}

export const CALLS = 'calls';

export const callsProjection: Projection = {
  name: 'proposals.calls',
  eventTypes: ['CallDrafted', 'CallDraftAmended', 'CallPublished', 'CallClosed', 'CallFinalised', 'CallCancelled', 'ClarificationAsked', 'ClarificationAnswered'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as CallEvent;
    const collection: Collection<CallView> = readModels.collection(CALLS);
    const revision = Number(recorded.streamRevision);
    await applyOnce(collection, event.data.callId, recorded, (current) => {
      if (event.type === 'CallDrafted') {
        return { _id: event.data.callId, status: 'draft', details: event.data.details, revision, questions: 0, answered: 0 };
      }
      if (!current) return null;
      const base = { ...current, revision };
      switch (event.type) {
        case 'CallDraftAmended':
          return { ...base, details: event.data.details };
        case 'CallPublished':
          return { ...base, status: 'published', publishedAt: recorded.metadata.occurredAt };
        case 'CallClosed':
          return { ...base, status: 'closed' };
        case 'CallFinalised':
          return { ...base, status: 'finalised' };
        case 'CallCancelled':
          return { ...base, status: 'cancelled', cancellationReason: event.data.reason };
        case 'ClarificationAsked':
          return { ...base, questions: current.questions + 1 };
        case 'ClarificationAnswered':
          return { ...base, answered: current.answered + 1 };
        default:
          return base;
      }
    });
  },
};
