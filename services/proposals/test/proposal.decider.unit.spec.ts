import type { ConceptNote, ProposalEvent } from '@csm/contracts';
import { deciderSpec } from '@csm/eventing/testkit';
import { proposalDecider } from '../src/domain/proposal.decider';
import type { ApplicantSnapshot, ProposalCommand } from '../src/domain/proposal';
import { aCall, at } from './call-builders';

const { given } = deciderSpec(proposalDecider);
const proposalId = 'coastal-youth.amani-youth';
const OPEN = '2026-12-01T09:00:00.000Z';
const LOCKED = '2027-02-01T12:00:00.000Z';
const FULL_DEADLINE = '2027-03-01T12:00:00.000Z';
const note = (overrides: Partial<ConceptNote> = {}): ConceptNote => ({
  title: 'Mentors for Likoni',
  summary: 'Peer mentorship and vocational training for 300 young people at risk of recruitment in Likoni and Kisauni.',
  counties: ['001'],
  pillars: ['psychosocial'],
  requestedBudget: { currency: 'KES', amount: 4_000_000 },
  durationMonths: 18,
  ...overrides,
});
const applicant = (overrides: Partial<ApplicantSnapshot> = {}): ApplicantSnapshot => ({ organizationId: 'amani-youth', verified: true, type: 'community-based', ...overrides });
const submit = (now = OPEN, options: { conceptNote?: ConceptNote; applicant?: ApplicantSnapshot; status?: 'published' | 'closed' } = {}) =>
  ({
    type: 'SubmitConceptNote',
    data: {
      proposalId,
      call: { callId: 'coastal-youth', status: options.status ?? 'published', details: aCall() },
      applicant: options.applicant ?? applicant(),
      conceptNote: options.conceptNote ?? note(),
    },
    metadata: at(now),
  }) as ProposalCommand;
const submitted: ProposalEvent = { type: 'ConceptNoteSubmitted', version: 1, data: { proposalId, callId: 'coastal-youth', organizationId: 'amani-youth', conceptNote: note() } };

describe('proposal decider: concept notes', () => {
  it('accepts a concept note from a verified, eligible organisation before the deadline', () => given([]).when(submit()).then([submitted]));
  it('locks submissions at the deadline', () => given([]).when(submit(LOCKED)).thenThrows('proposal.deadline-passed'));
  it('refuses a call that is not open', () => given([]).when(submit(OPEN, { status: 'closed' })).thenThrows('proposal.call-not-open'));
  it('refuses an unverified organisation', () => given([]).when(submit(OPEN, { applicant: applicant({ verified: false }) })).thenThrows('proposal.organization-not-verified'));
  it('refuses an organisation type the call does not invite', () =>
    given([]).when(submit(OPEN, { applicant: applicant({ type: 'private-sector' }) })).thenThrows('proposal.organization-not-eligible'));
  it('refuses counties the call does not target', () =>
    given([]).when(submit(OPEN, { conceptNote: note({ counties: ['047'] }) })).thenThrows('proposal.county-not-targeted'));
  it('refuses a budget outside the call’s range or currency', () => {
    given([]).when(submit(OPEN, { conceptNote: note({ requestedBudget: { currency: 'KES', amount: 50_000_000 } }) })).thenThrows('proposal.budget-out-of-range');
    given([]).when(submit(OPEN, { conceptNote: note({ requestedBudget: { currency: 'USD', amount: 4_000_000 } }) })).thenThrows('proposal.budget-out-of-range');
  });
  it('takes one concept note per organisation and call', () => given([submitted]).when(submit()).thenThrows('proposal.already-submitted'));
});

describe('proposal decider: shortlisting', () => {
  const decide = (type: 'ShortlistConceptNote' | 'DeclineConceptNote', callStatus: string) =>
    ({ type, data: { proposalId, callStatus, reason: 'Outside the call’s priorities', fullProposalDeadline: FULL_DEADLINE }, metadata: at(LOCKED) }) as ProposalCommand;
  const declined: ProposalEvent = { type: 'ConceptNoteDeclined', version: 1, data: { proposalId, reason: 'Outside the call’s priorities' } };

  it('shortlists or declines (with a reason) once the call is closed', () => {
    given([submitted]).when(decide('ShortlistConceptNote', 'closed')).then([
      { type: 'ConceptNoteShortlisted', version: 1, data: { proposalId } },
      { type: 'FullProposalInvited', version: 1, data: { proposalId, deadline: FULL_DEADLINE } },
    ]);
    given([submitted]).when(decide('DeclineConceptNote', 'closed')).then([declined]);
  });
  it('waits for the call to close', () => given([submitted]).when(decide('ShortlistConceptNote', 'published')).thenThrows('proposal.call-not-closed'));
  it('decides a concept note once', () => given([submitted, declined]).when(decide('ShortlistConceptNote', 'closed')).thenThrows('proposal.already-decided'));
});

describe('proposal decider: amending a concept note', () => {
  const amend = (now: string, status: 'published' | 'closed' = 'published') =>
    ({ type: 'AmendConceptNote', data: { proposalId, call: { callId: 'coastal-youth', status, details: aCall() }, applicant: applicant(), conceptNote: note({ durationMonths: 24 }) }, metadata: at(now) }) as ProposalCommand;
  const amended: ProposalEvent = { type: 'ConceptNoteAmended', version: 1, data: { proposalId, conceptNote: note({ durationMonths: 24 }) } };
  const reopened: ProposalEvent = { type: 'InformationRequested', version: 1, data: { proposalId, message: 'Please add the partner letters', until: '2027-02-10T12:00:00.000Z' } };

  it('amends until the deadline, and is locked after it', () => {
    given([submitted]).when(amend(OPEN)).then([amended]);
    given([submitted]).when(amend(LOCKED)).thenThrows('proposal.deadline-passed');
  });
  it('reopens this one note after the deadline, even with the call closed, until the new date', () => {
    given([submitted, reopened]).when(amend('2027-02-05T12:00:00.000Z', 'closed')).then([amended]);
    given([submitted, reopened]).when(amend('2027-02-10T12:00:00.000Z', 'closed')).thenThrows('proposal.call-not-open');
  });
});
