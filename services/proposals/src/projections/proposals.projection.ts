import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { ConceptNote, ProposalEvent } from '@csm/contracts';

/** Answers "what has this organisation submitted to this call?" for the applicant and the NCTC. */
export interface ProposalView extends Tracked {
  _id: string;
  callId: string;
  organizationId: string;
  stage: 'concept-note';
  conceptNote: ConceptNote;
  submittedAt: string;
  amendedAt?: string;
  revision: number;
}

export const PROPOSALS = 'proposals';

export const proposalsProjection: Projection = {
  name: 'proposals.proposals',
  eventTypes: ['ConceptNoteSubmitted', 'ConceptNoteAmended'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as ProposalEvent;
    const collection: Collection<ProposalView> = readModels.collection(PROPOSALS);
    const revision = Number(recorded.streamRevision);
    await applyOnce(collection, event.data.proposalId, recorded, (current) =>
      event.type === 'ConceptNoteSubmitted'
        ? {
            _id: event.data.proposalId,
            callId: event.data.callId,
            organizationId: event.data.organizationId,
            stage: 'concept-note',
            conceptNote: event.data.conceptNote,
            submittedAt: recorded.metadata.occurredAt,
            revision,
          }
        : current && { ...current, conceptNote: event.data.conceptNote, amendedAt: recorded.metadata.occurredAt, revision },
    );
  },
};
