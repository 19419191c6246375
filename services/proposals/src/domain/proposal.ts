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
  status: 'none' | 'concept-submitted' | 'shortlisted' | 'declined';
  callId?: string;
  organizationId?: string;
}

export type SubmitConceptNote = Command<'SubmitConceptNote', { proposalId: string; call: CallSnapshot & { callId: string }; applicant: ApplicantSnapshot; conceptNote: ConceptNote }>;
export type AmendConceptNote = Command<'AmendConceptNote', { proposalId: string; call: CallSnapshot & { callId: string }; applicant: ApplicantSnapshot; conceptNote: ConceptNote }>;
/** Shortlisting happens once the call is closed: every concept note is then final. */
export type ShortlistConceptNote = Command<'ShortlistConceptNote', { proposalId: string; callStatus: CallStatus; note?: string }>;
export type DeclineConceptNote = Command<'DeclineConceptNote', { proposalId: string; callStatus: CallStatus; reason: string }>;
export type ProposalCommand = SubmitConceptNote | AmendConceptNote | ShortlistConceptNote | DeclineConceptNote;

export type { ProposalEvent };
