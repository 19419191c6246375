import type { Command } from '@csm/eventing';
import type { CallDetails, ConceptNote, ProposalEvent } from '@csm/contracts';
import type { CallStatus } from './call';

/** What the decider needs to know of the call and the applicant, from this context's read models. */
export interface CallSnapshot {
  status: CallStatus;
  details: CallDetails;
}
export interface ApplicantSnapshot {
  organizationId: string;
  verified: boolean;
  type: string;
}

export interface Proposal {
  status: 'none' | 'concept-submitted';
  callId?: string;
  organizationId?: string;
}

export type SubmitConceptNote = Command<'SubmitConceptNote', { proposalId: string; call: CallSnapshot & { callId: string }; applicant: ApplicantSnapshot; conceptNote: ConceptNote }>;
export type AmendConceptNote = Command<'AmendConceptNote', { proposalId: string; call: CallSnapshot & { callId: string }; applicant: ApplicantSnapshot; conceptNote: ConceptNote }>;
export type ProposalCommand = SubmitConceptNote | AmendConceptNote;

export type { ProposalEvent };
