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

export const decide = (command: ProposalCommand, state: Proposal): ProposalEvent[] => {
  const { proposalId, call, applicant, conceptNote } = command.data;
  checkAgainstCall(call, applicant, conceptNote, command.metadata.now);
  switch (command.type) {
    case 'SubmitConceptNote':
      if (state.status !== 'none') throw new DomainError('proposal.already-submitted', 'This organisation already submitted to this call; amend it instead');
      return [{ type: 'ConceptNoteSubmitted', version: 1, data: { proposalId, callId: call.callId, organizationId: applicant.organizationId, conceptNote } }];
    case 'AmendConceptNote':
      if (state.status === 'none') throw new DomainError('proposal.not-found', 'No such proposal', 'not-found');
      return [{ type: 'ConceptNoteAmended', version: 1, data: { proposalId, conceptNote } }];
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
    default: {
      const _unknown: never = event;
      return state;
    }
  }
};

export const proposalDecider: Decider<ProposalCommand, ProposalEvent, Proposal> = { decide, evolve, initialState };
