import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { ConceptNote, ProposalEvent } from '@csm/contracts';

/** Answers "what has this organisation submitted to this call?" for the applicant and the NCTC. */
export interface ProposalView extends Tracked {
  _id: string;
  callId: string;
  organizationId: string;
  stage: 'concept-note';
  status: 'submitted' | 'shortlisted' | 'declined';
  /** Feedback to the applicant when the concept note is not taken forward. */
  declineReason?: string;
  conceptNote: ConceptNote;
  submittedAt: string;
  amendedAt?: string;
  revision: number;
}

export const PROPOSALS = 'proposals';

export const proposalsProjection: Projection = {
  name: 'proposals.proposals',
  eventTypes: ['ConceptNoteSubmitted', 'ConceptNoteAmended', 'ConceptNoteShortlisted', 'ConceptNoteDeclined'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as ProposalEvent;
    const collection: Collection<ProposalView> = readModels.collection(PROPOSALS);
    const revision = Number(recorded.streamRevision);
    await applyOnce(collection, event.data.proposalId, recorded, (current) => {
      switch (event.type) {
        case 'ConceptNoteSubmitted':
          return {
            _id: event.data.proposalId,
            callId: event.data.callId,
            organizationId: event.data.organizationId,
            stage: 'concept-note',
            status: 'submitted',
            conceptNote: event.data.conceptNote,
            submittedAt: recorded.metadata.occurredAt,
            revision,
          };
        case 'ConceptNoteAmended':
          return current && { ...current, conceptNote: event.data.conceptNote, amendedAt: recorded.metadata.occurredAt, revision };
        case 'ConceptNoteShortlisted':
          return current && { ...current, status: 'shortlisted', revision };
        case 'ConceptNoteDeclined':
          return current && { ...current, status: 'declined', declineReason: event.data.reason, revision };
        default:
          return current;
      }
    });
  },
};
