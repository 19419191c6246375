import { DomainError, type Decider } from '@csm/eventing';
import type { ConceptNote, CriterionScore, ReceivingBody } from '@csm/contracts';
import type { ApplicantSnapshot, AssessmentFrame, CallSnapshot, Proposal, ProposalCommand, ProposalEvent, ProposalStatus, ReviewerState } from './proposal';
import { completenessCheck, fitCheck, screeningChecks } from './screening';
import { weightedScore } from './scoring';

const initialState = (): Proposal => ({ status: 'none', reviewers: new Map() });
const NOT_YET: ReviewerState = { declared: false, recused: false, scored: false, locked: false };

const refuse = (code: string, message: string, kind?: 'not-found' | 'invalid' | 'forbidden') => new DomainError(`proposal.${code}`, message, kind);

const requireExists = (state: Proposal): void => {
  if (state.status === 'none') throw refuse('not-found', 'No such proposal', 'not-found');
};
const requireStatus = (state: Proposal, allowed: ProposalStatus[], action: string): void => {
  requireExists(state);
  if (!allowed.includes(state.status)) throw refuse(`not-${allowed[0]}`, `Cannot ${action}: the proposal is ${state.status}`);
};

/** An information request reopens this one submission until its date, whatever the call's deadline. */
const reopened = (state: Proposal, now: string): boolean => state.reopenedUntil !== undefined && now < state.reopenedUntil;

/** The call must be open, the applicant verified and eligible, the note inside the call's scope. */
const checkAgainstCall = (call: CallSnapshot, applicant: ApplicantSnapshot, note: ConceptNote, now: string, state: Proposal): void => {
  if (!(state.status === 'concept-submitted' && reopened(state, now))) {
    if (call.status !== 'published') throw refuse('call-not-open', `The call is ${call.status}`);
    if (now >= call.details.timeline.submissionDeadline) throw refuse('deadline-passed', 'Submissions are locked: the deadline has passed');
  }
  if (!applicant.verified) throw refuse('organization-not-verified', 'Only verified organisations can apply', 'forbidden');
  if (!call.details.eligibleTypes.includes(applicant.type as never)) {
    throw refuse('organization-not-eligible', `Organisations of type ${applicant.type} are not eligible for this call`, 'invalid');
  }
  const outside = note.counties.filter((c) => !call.details.targetCounties.includes(c));
  if (outside.length > 0) throw refuse('county-not-targeted', `The call does not target counties ${outside.join(', ')}`, 'invalid');
  const { budget } = call.details;
  if (note.requestedBudget.currency !== budget.currency || note.requestedBudget.amount < budget.min || note.requestedBudget.amount > budget.max) {
    throw refuse('budget-out-of-range', `Request between ${budget.min} and ${budget.max} ${budget.currency}`, 'invalid');
  }
};

const requireClosedCallAndSubmittedNote = (state: Proposal, callStatus: string): void => {
  requireExists(state);
  if (callStatus !== 'closed') throw refuse('call-not-closed', 'Concept notes are shortlisted once the call is closed');
  if (state.status !== 'concept-submitted') throw refuse('already-decided', `The concept note is already ${state.status}`);
};

const fullProposalWindowOpen = (state: Proposal, now: string): boolean => (state.fullProposalDeadline !== undefined && now < state.fullProposalDeadline) || reopened(state, now);

/** The reviewer must be on the panel for this proposal and not recused. */
const panelReviewer = (state: Proposal, frame: AssessmentFrame, reviewer: string): ReviewerState => {
  if (!frame.reviewers.includes(reviewer)) throw refuse('reviewer-not-assigned', 'You are not a reviewer of this proposal', 'forbidden');
  const current = state.reviewers.get(reviewer) ?? NOT_YET;
  if (current.recused) throw refuse('reviewer-recused', 'You are recused from this proposal (conflict of interest)', 'forbidden');
  return current;
};

const checkScores = (frame: AssessmentFrame, scores: CriterionScore[], complete: boolean): void => {
  const ids = new Set(frame.criteria.map((c) => c.id));
  const seen = new Set<string>();
  for (const s of scores) {
    if (!ids.has(s.criterionId)) throw refuse('unknown-criterion', `No criterion ${s.criterionId} in this call`, 'invalid');
    if (seen.has(s.criterionId)) throw refuse('criterion-scored-twice', `Criterion ${s.criterionId} is scored twice`, 'invalid');
    if (s.score > frame.scoreScale) throw refuse('score-out-of-scale', `Scores run from 0 to ${frame.scoreScale}`, 'invalid');
    seen.add(s.criterionId);
  }
  const missing = [...ids].filter((id) => !seen.has(id));
  if (complete && missing.length > 0) throw refuse('score-sheet-incomplete', `Score every criterion before locking: missing ${missing.join(', ')}`, 'invalid');
};

/**
 * Only the body the recommendation names decides: an account whose token's org_id is the body's
 * id, or the NCTC on its behalf (recorded as such). A body without an id (a Government entity)
 * has only the NCTC.
 */
const decisionRecorder = (body: ReceivingBody, actor: { roles: string[]; organizationId?: string }): 'receiving-body' | 'nctc-on-behalf' => {
  if (body.id !== undefined && actor.organizationId === body.id && actor.roles.includes('donor')) return 'receiving-body';
  if (actor.roles.includes('nctc-admin')) return 'nctc-on-behalf';
  throw refuse('decision-not-addressed', `The recommendation is addressed to ${body.name}: only that body, or the NCTC on its behalf, records the decision`, 'forbidden');
};

const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

const FEEDBACK_STAGES: ProposalStatus[] = ['declined', 'screened-out', 'recommended', 'approved', 'rejected', 'offer-accepted', 'offer-declined'];

export const decide = (command: ProposalCommand, state: Proposal): ProposalEvent[] => {
  const { proposalId } = command.data;
  const now = command.metadata.now;
  switch (command.type) {
    case 'SubmitConceptNote': {
      const { call, applicant, conceptNote } = command.data;
      if (state.status !== 'none') throw refuse('already-submitted', 'This organisation already submitted to this call; amend it instead');
      checkAgainstCall(call, applicant, conceptNote, now, state);
      return [{ type: 'ConceptNoteSubmitted', version: 1, data: { proposalId, callId: call.callId, organizationId: applicant.organizationId, conceptNote } }];
    }
    case 'AmendConceptNote': {
      const { call, applicant, conceptNote } = command.data;
      requireExists(state);
      if (state.status !== 'concept-submitted') throw refuse('concept-note-final', `The concept note is ${state.status}`);
      checkAgainstCall(call, applicant, conceptNote, now, state);
      return [{ type: 'ConceptNoteAmended', version: 1, data: { proposalId, conceptNote } }];
    }
    case 'ShortlistConceptNote':
      requireClosedCallAndSubmittedNote(state, command.data.callStatus);
      if (command.data.fullProposalDeadline <= now) throw refuse('deadline-in-past', 'The full proposal deadline must be in the future', 'invalid');
      return [
        { type: 'ConceptNoteShortlisted', version: 1, data: { proposalId, ...(command.data.note ? { note: command.data.note } : {}) } },
        { type: 'FullProposalInvited', version: 1, data: { proposalId, deadline: command.data.fullProposalDeadline } },
      ];
    case 'DeclineConceptNote':
      requireClosedCallAndSubmittedNote(state, command.data.callStatus);
      return [{ type: 'ConceptNoteDeclined', version: 1, data: { proposalId, reason: command.data.reason } }];
    case 'SubmitFullProposal':
    case 'AmendFullProposal': {
      const submitting = command.type === 'SubmitFullProposal';
      requireStatus(state, submitting ? ['shortlisted'] : ['full-submitted'], submitting ? 'submit a full proposal' : 'amend the full proposal');
      if (!fullProposalWindowOpen(state, now)) throw refuse('deadline-passed', 'Full proposals are locked: the deadline has passed');
      // Tell the applicant now, not at screening, when the call cannot take what they propose.
      for (const check of [fitCheck(command.data.frame, command.data.fullProposal), completenessCheck(command.data.frame, command.data.fullProposal)]) {
        if (!check.passed) throw refuse(check.check === 'completeness' ? 'budget-out-of-range' : 'outside-call-scope', check.reason, 'invalid');
      }
      return [{ type: submitting ? 'FullProposalSubmitted' : 'FullProposalAmended', version: 1, data: { proposalId, fullProposal: command.data.fullProposal } }];
    }
    case 'RequestInformation':
      requireStatus(state, ['concept-submitted', 'shortlisted', 'full-submitted'], 'request information');
      if (command.data.until <= now) throw refuse('deadline-in-past', 'The new date must be in the future', 'invalid');
      return [{ type: 'InformationRequested', version: 1, data: { proposalId, message: command.data.message, until: command.data.until } }];
    case 'ScreenProposal': {
      requireStatus(state, ['full-submitted', 'shortlisted'], 'screen');
      if (fullProposalWindowOpen(state, now)) throw refuse('still-open', 'Screening starts once the full proposal is locked (deadline passed)');
      const checks = screeningChecks(command.data.frame, command.data.applicant, state.fullProposal);
      return [{ type: 'ProposalScreened', version: 1, data: { proposalId, outcome: checks.every((c) => c.passed) ? 'eligible' : 'screened-out', checks } }];
    }
    case 'DeclareConflict': {
      const { reviewer, conflict, details, reviewerIsMember, frame } = command.data;
      requireStatus(state, ['eligible'], 'declare conflicts of interest');
      const current = panelReviewer(state, frame, reviewer);
      if (current.declared) throw refuse('already-declared', 'You have already declared for this proposal');
      const declared: ProposalEvent = { type: 'ConflictOfInterestDeclared', version: 2, data: { proposalId, reviewer, conflict, ...(details ? { details } : {}) } };
      if (conflict) return [declared, { type: 'ReviewerRecused', version: 2, data: { proposalId, reviewer, reason: 'declared' } }];
      if (reviewerIsMember) return [declared, { type: 'ReviewerRecused', version: 2, data: { proposalId, reviewer, reason: 'registration-membership' } }];
      return [declared];
    }
    case 'SaveScoreSheet': {
      const { reviewer, scores, lock, frame } = command.data;
      requireStatus(state, ['eligible'], 'score');
      const current = panelReviewer(state, frame, reviewer);
      if (!current.declared) throw refuse('declaration-required', 'Declare any conflict of interest before scoring', 'forbidden');
      if (current.locked) throw refuse('score-sheet-locked', 'Your score sheet is locked');
      const sheet = scores ?? (lock ? (current.draft ?? []) : []);
      checkScores(frame, sheet, lock);
      return lock
        ? [{ type: 'ScoreSheetLocked', version: 2, data: { proposalId, reviewer, scores: sheet, weightedScore: weightedScore(frame, sheet) } }]
        : [{ type: 'ScoreSheetSaved', version: 2, data: { proposalId, reviewer, scores: sheet } }];
    }
    case 'RecordLegalEthicalCheck': {
      requireStatus(state, ['eligible'], 'record the legal & ethical check');
      const { items, checkedBy, mandatory, panel } = command.data;
      if (panel && !panelReviewer(state, panel, checkedBy).declared) throw refuse('declaration-required', 'Declare any conflict of interest before assessing', 'forbidden');
      const blocking = items.some((i) => mandatory.includes(i.item) && !i.passed);
      return [{ type: 'LegalEthicalCheckRecorded', version: 2, data: { proposalId, items, blocking, checkedBy } }];
    }
    case 'RecordRecommendation': {
      const { outcome, body, conditions, rationale, sensitive, frame } = command.data;
      requireStatus(state, ['eligible'], 'recommend');
      const panel = frame.reviewers.filter((r) => !state.reviewers.get(r)?.recused);
      const pending = panel.filter((r) => !state.reviewers.get(r)?.locked);
      if (panel.length === 0) throw refuse('no-panel', 'Every reviewer is recused: assign another reviewer to the call first');
      if (pending.length > 0) throw refuse('scoring-incomplete', `Waiting for locked score sheets from ${pending.join(', ')}`);
      if (state.legalEthicalBlocking === undefined) throw refuse('legal-ethical-check-missing', 'Record the legal & ethical check first');
      if (state.legalEthicalBlocking && outcome !== 'do-not-recommend') {
        throw refuse('legal-ethical-blocked', 'A mandatory legal & ethical item failed: only "do-not-recommend" can be recorded', 'invalid');
      }
      return [{ type: 'RecommendationRecorded', version: 1, data: { proposalId, outcome, body, conditions, rationale, ...(sensitive ? { sensitive } : {}) } }];
    }
    case 'RecordDecision': {
      requireStatus(state, ['recommended'], 'record a decision');
      const decidedBy = state.recommendedTo!;
      const recordedBy = decisionRecorder(decidedBy, command.metadata.actor);
      if (command.data.decision === 'approved' && state.legalEthicalBlocking) {
        throw refuse('legal-ethical-blocked', 'A mandatory legal & ethical item failed: the proposal cannot be approved', 'invalid');
      }
      return [
        {
          type: 'DecisionRecorded',
          version: 1,
          data: {
            proposalId,
            decision: command.data.decision,
            decidedBy,
            recordedBy,
            ...(command.data.amount !== undefined ? { amount: command.data.amount } : {}),
            note: command.data.note,
          },
        },
      ];
    }
    case 'RespondToOffer': {
      requireStatus(state, ['approved'], 'respond to the offer');
      const note = command.data.note ? { note: command.data.note } : {};
      return [command.data.response === 'accept' ? { type: 'OfferAccepted', version: 1, data: { proposalId, ...note } } : { type: 'OfferDeclined', version: 1, data: { proposalId, ...note } }];
    }
    case 'GiveFeedback':
      requireStatus(state, FEEDBACK_STAGES, 'give feedback');
      if (state.appealDeadline) throw refuse('feedback-given', 'Feedback was already given');
      return [{ type: 'FeedbackGiven', version: 1, data: { proposalId, feedback: command.data.feedback, appealDeadline: addDays(now, command.data.appealWindowDays) } }];
    case 'LodgeAppeal':
      requireExists(state);
      if (!state.appealDeadline) throw refuse('no-feedback', 'An appeal follows the feedback, which has not been given yet');
      if (state.appeal) throw refuse('already-appealed', 'An appeal was already lodged');
      if (now > state.appealDeadline) throw refuse('appeal-window-closed', `The appeal window closed at ${state.appealDeadline}`);
      return [{ type: 'AppealLodged', version: 1, data: { proposalId, grounds: command.data.grounds } }];
    case 'DecideAppeal': {
      requireExists(state);
      if (state.appeal !== 'lodged') throw refuse(state.appeal ? 'appeal-decided' : 'no-appeal', state.appeal ? 'The appeal is already decided' : 'No appeal is pending');
      const { reviewer, outcome, reason, deciderIsMember } = command.data;
      if (state.reviewers.get(reviewer)?.scored) throw refuse('appeal-reviewer-scored', 'You scored this proposal: another person reviews the appeal', 'forbidden');
      // Recusal is from the whole proposal, appeal included: by declaration, or by membership of the applicant.
      if (state.reviewers.get(reviewer)?.recused || deciderIsMember) throw refuse('appeal-reviewer-recused', 'You are recused from this proposal (conflict of interest): another person reviews the appeal', 'forbidden');
      return [{ type: 'AppealDecided', version: 2, data: { proposalId, outcome, reason, reviewedBy: reviewer } }];
    }
    case 'OpenDirectPartnership': {
      const { solution, justification, fullProposalDeadline, criteria, scoreScale, reviewers } = command.data;
      if (state.status !== 'none' || solution.converted) throw refuse('already-converted', 'This solution is already a direct partnership proposal');
      if (fullProposalDeadline <= now) throw refuse('deadline-in-past', 'The full proposal deadline must be in the future', 'invalid');
      return [
        {
          type: 'DirectPartnershipOpened',
          version: 2,
          data: { proposalId, solutionId: solution.solutionId, organizationId: solution.organizationId, title: solution.solution.title, justification, fullProposalDeadline, criteria, scoreScale, reviewers },
        },
      ];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
};

const reviewer = (state: Proposal, username: string, change: Partial<ReviewerState>): Proposal => ({
  ...state,
  reviewers: new Map(state.reviewers).set(username, { ...(state.reviewers.get(username) ?? NOT_YET), ...change }),
});

export const evolve = (state: Proposal, event: ProposalEvent): Proposal => {
  switch (event.type) {
    case 'ConceptNoteSubmitted':
      return { ...state, status: 'concept-submitted', callId: event.data.callId, organizationId: event.data.organizationId };
    case 'ConceptNoteAmended':
    case 'FullProposalAmended':
      return event.type === 'FullProposalAmended' ? { ...state, fullProposal: event.data.fullProposal } : state;
    case 'ConceptNoteShortlisted':
      return { ...state, status: 'shortlisted' };
    case 'FullProposalInvited':
      return { ...state, fullProposalDeadline: event.data.deadline, reopenedUntil: undefined };
    case 'ConceptNoteDeclined':
      return { ...state, status: 'declined' };
    case 'FullProposalSubmitted':
      return { ...state, status: 'full-submitted', fullProposal: event.data.fullProposal };
    case 'InformationRequested':
      return { ...state, reopenedUntil: event.data.until };
    case 'ProposalScreened':
      return { ...state, status: event.data.outcome, reopenedUntil: undefined };
    case 'ConflictOfInterestDeclared':
      return reviewer(state, event.data.reviewer, { declared: true });
    case 'ReviewerRecused':
      return reviewer(state, event.data.reviewer, { recused: true });
    case 'ScoreSheetSaved':
      return reviewer(state, event.data.reviewer, { scored: true, draft: event.data.scores });
    case 'ScoreSheetLocked':
      return reviewer(state, event.data.reviewer, { scored: true, locked: true });
    case 'LegalEthicalCheckRecorded':
      return { ...state, legalEthicalBlocking: event.data.blocking };
    case 'RecommendationRecorded':
      return { ...state, status: 'recommended', recommendation: event.data.outcome, recommendedTo: event.data.body };
    case 'DecisionRecorded':
      return { ...state, status: event.data.decision };
    case 'OfferAccepted':
      return { ...state, status: 'offer-accepted' };
    case 'OfferDeclined':
      return { ...state, status: 'offer-declined' };
    case 'FeedbackGiven':
      return { ...state, appealDeadline: event.data.appealDeadline };
    case 'AppealLodged':
      return { ...state, appeal: 'lodged' };
    case 'AppealDecided':
      return { ...state, appeal: 'decided' };
    case 'DirectPartnershipOpened':
      return {
        ...state,
        status: 'shortlisted',
        callId: `direct-${event.data.solutionId}`,
        organizationId: event.data.organizationId,
        fullProposalDeadline: event.data.fullProposalDeadline,
        directFrame: { criteria: event.data.criteria, scoreScale: event.data.scoreScale, reviewers: event.data.reviewers },
      };
    default: {
      const _unknown: never = event;
      return state;
    }
  }
};

export const proposalDecider: Decider<ProposalCommand, ProposalEvent, Proposal> = { decide, evolve, initialState };
