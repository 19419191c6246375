import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { CallEvent } from '@csm/contracts';

/**
 * Answers "what has been clarified about this call?" An answer is published to every applicant
 * at once; who asked is kept for the NCTC only and never shown to applicants.
 */
export interface Clarification extends Tracked {
  _id: string;
  callId: string;
  question: string;
  askedAt: string;
  askedBy: string;
  answer?: string;
  answeredAt?: string;
}

export const CLARIFICATIONS = 'clarifications';

export const clarificationsProjection: Projection = {
  name: 'proposals.clarifications',
  eventTypes: ['ClarificationAsked', 'ClarificationAnswered'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as CallEvent;
    if (event.type !== 'ClarificationAsked' && event.type !== 'ClarificationAnswered') return;
    const collection: Collection<Clarification> = readModels.collection(CLARIFICATIONS);
    const id = `${event.data.callId}/${event.data.questionId}`;
    await applyOnce(collection, id, recorded, (current) =>
      event.type === 'ClarificationAsked'
        ? { _id: id, callId: event.data.callId, question: event.data.question, askedBy: event.data.organizationId, askedAt: recorded.metadata.occurredAt }
        : current && { ...current, answer: event.data.answer, answeredAt: recorded.metadata.occurredAt },
    );
  },
};
