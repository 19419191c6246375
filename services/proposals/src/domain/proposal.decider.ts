import { DomainError, type Decider } from '@csm/eventing';
import type { ConceptNote } from '@csm/contracts';
import type { ApplicantSnapshot, CallSnapshot, Proposal, ProposalCommand, ProposalEvent } from './proposal';

const initialState = (): Proposal => ({ status: 'none' });

/** The call must be open, the applicant verified and eligible, the note inside the call's scope. */
const checkAgainstCall = (call: CallSnapshot, applicant: ApplicantSnapshot, note: ConceptNote, now: string): void => {
  if (call.status !== 'published') throw new DomainError('proposal.call-not-open', `The call is ${call.status}`);
  if (now >= call.details.timeline.submissionDeadline) throw new DomainError('proposal.deadline-passed', 'Submissions are locked: the deadline has passed');
  if (!applicant.verified) throw new DomainError('proposal.organization-not-verified', 'Only verified organisations can apply', 'forbidden');
  if (!call.details.eligibleTypes.includes(applicant.type as never)) {
    throw new DomainError('proposal.organization-not-eligible', `Organisations of type ${applicant.type} are not eligible for this call`, 'invalid');
  }
  const outside = note.counties.filter((c) => !call.details.targetCounties.includes(c));
  if (outside.length > 0) throw new DomainError('proposal.county-not-targeted', `The call does not target counties ${outside.join(', ')}`, 'invalid');
  const { budget } = call.details;
  if (note.requestedBudget.currency !== budget.currency || note.requestedBudget.amount < budget.min || note.requestedBudget.amount > budget.max) {
    throw new DomainError('proposal.budget-out-of-range', `Request between ${budget.min} and ${budget.max} ${budget.currency}`, 'invalid');
  }
};

const requireClosedCallAndSubmittedNote = (state: Proposal, callStatus: string): void => {
  if (state.status === 'none') throw new DomainError('proposal.not-found', 'No such proposal', 'not-found');
  if (callStatus !== 'closed') throw new DomainError('proposal.call-not-closed', 'Concept notes are shortlisted once the call is closed');
  if (state.status !== 'concept-submitted') throw new DomainError('proposal.already-decided', `The concept note is already ${state.status}`);
};

export const decide = (command: ProposalCommand, state: Proposal): ProposalEvent[] => {
  const { proposalId } = command.data;
  switch (command.type) {
    case 'ShortlistConceptNote':
      requireClosedCallAndSubmittedNote(state, command.data.callStatus);
      return [{ type: 'ConceptNoteShortlisted', version: 1, data: { proposalId, ...(command.data.note ? { note: command.data.note } : {}) } }];
    case 'DeclineConceptNote':
      requireClosedCallAndSubmittedNote(state, command.data.callStatus);
      return [{ type: 'ConceptNoteDeclined', version: 1, data: { proposalId, reason: command.data.reason } }];
    case 'SubmitConceptNote': {
      const { call, applicant, conceptNote } = command.data;
      checkAgainstCall(call, applicant, conceptNote, command.metadata.now);
      if (state.status !== 'none') throw new DomainError('proposal.already-submitted', 'This organisation already submitted to this call; amend it instead');
      return [{ type: 'ConceptNoteSubmitted', version: 1, data: { proposalId, callId: call.callId, organizationId: applicant.organizationId, conceptNote } }];
    }
    case 'AmendConceptNote': {
      const { call, applicant, conceptNote } = command.data;
      checkAgainstCall(call, applicant, conceptNote, command.metadata.now);
      if (state.status === 'none') throw new DomainError('proposal.not-found', 'No such proposal', 'not-found');
      return [{ type: 'ConceptNoteAmended', version: 1, data: { proposalId, conceptNote } }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
};

export const evolve = (state: Proposal, event: ProposalEvent): Proposal => {
  switch (event.type) {
    case 'ConceptNoteSubmitted':
      return { status: 'concept-submitted', callId: event.data.callId, organizationId: event.data.organizationId };
    case 'ConceptNoteAmended':
      return state;
    case 'ConceptNoteShortlisted':
      return { ...state, status: 'shortlisted' };
    case 'ConceptNoteDeclined':
      return { ...state, status: 'declined' };
    default: {
      const _unknown: never = event;
      return state;
    }
  }
};

export const proposalDecider: Decider<ProposalCommand, ProposalEvent, Proposal> = { decide, evolve, initialState };
