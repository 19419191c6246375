import { applyOnce, type Projection, type RecordedEvent, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import { PROPOSAL_EVENT_TYPES, type ConceptNote, type FullProposal, type LegalEthicalItem, type ProposalEvent, type ReceivingBody, type ScreeningCheck } from '@csm/contracts';
import type { ProposalStatus } from '../domain/proposal';

/**
 * Everything the NCTC knows about one proposal, from concept note to appeal. Applicants and
 * reviewers get narrower views of it (http/proposal-views.ts); scores live in `scoreSheets`.
 * Arrays, not maps keyed by username: usernames may contain dots, which MongoDB keys may not.
 */
export interface ProposalView extends Tracked {
  _id: string;
  /** The call id, or `direct-<solutionId>` for a direct partnership. */
  callId: string;
  organizationId: string;
  stage: 'concept-note' | 'full-proposal';
  status: Exclude<ProposalStatus, 'none' | 'concept-submitted' | 'full-submitted'> | 'submitted' | 'full-proposal-submitted';
  /** Feedback to the applicant when the concept note is not taken forward. */
  declineReason?: string;
  conceptNote?: ConceptNote;
  direct?: { solutionId: string; title: string; justification: string; criteria: { id: string; name: string; weight: number }[]; scoreScale: number; reviewers: string[] };
  fullProposalDeadline?: string;
  fullProposal?: FullProposal;
  informationRequests: { message: string; until: string; requestedAt: string }[];
  screening?: { outcome: 'eligible' | 'screened-out'; checks: ScreeningCheck[]; screenedAt: string };
  declarations: { reviewer: string; conflict: boolean; details?: string; recused: boolean; recusalReason?: 'declared' | 'registration-membership'; declaredAt: string }[];
  /** Locked sheets only; drafts stay with their reviewer. */
  lockedSheets: { reviewer: string; weightedScore: number; lockedAt: string }[];
  /** Who saved any score sheet: they may not review an appeal. */
  scorers: string[];
  legalEthicalCheck?: { items: LegalEthicalItem[]; blocking: boolean; checkedBy: string; checkedAt: string };
  recommendation?: { outcome: string; body: ReceivingBody; conditions: string[]; rationale: string; sensitive?: true; recordedAt: string };
  decision?: { decision: 'approved' | 'rejected'; decidedBy: ReceivingBody; recordedBy?: 'receiving-body' | 'nctc-on-behalf'; amount?: number; note: string; decidedAt: string };
  offerResponse?: { response: 'accepted' | 'declined'; note?: string; at: string };
  feedback?: { feedback: string; appealDeadline: string; givenAt: string };
  appeal?: { grounds: string; lodgedAt: string; outcome?: 'upheld' | 'dismissed'; reason?: string; reviewedBy?: string; decidedAt?: string };
  submittedAt: string;
  amendedAt?: string;
  revision: number;
}

export const PROPOSALS = 'proposals';

const next = (current: ProposalView, event: ProposalEvent, recorded: RecordedEvent): ProposalView | null => {
  const at = recorded.metadata.occurredAt;
  switch (event.type) {
    case 'ConceptNoteAmended':
      return { ...current, conceptNote: event.data.conceptNote, amendedAt: at };
    case 'ConceptNoteShortlisted':
      return { ...current, status: 'shortlisted' };
    case 'ConceptNoteDeclined':
      return { ...current, status: 'declined', declineReason: event.data.reason };
    case 'FullProposalInvited':
      return { ...current, fullProposalDeadline: event.data.deadline };
    case 'FullProposalSubmitted':
      return { ...current, stage: 'full-proposal', status: 'full-proposal-submitted', fullProposal: event.data.fullProposal };
    case 'FullProposalAmended':
      return { ...current, fullProposal: event.data.fullProposal, amendedAt: at };
    case 'InformationRequested':
      return { ...current, informationRequests: [...current.informationRequests, { message: event.data.message, until: event.data.until, requestedAt: at }] };
    case 'ProposalScreened':
      return { ...current, status: event.data.outcome, screening: { outcome: event.data.outcome, checks: event.data.checks, screenedAt: at } };
    case 'ConflictOfInterestDeclared': {
      const { reviewer, conflict, details } = event.data;
      return { ...current, declarations: [...current.declarations, { reviewer, conflict, ...(details ? { details } : {}), recused: false, declaredAt: at }] };
    }
    case 'ReviewerRecused':
      return {
        ...current,
        declarations: current.declarations.map((d) => (d.reviewer === event.data.reviewer ? { ...d, recused: true, recusalReason: event.data.reason } : d)),
      };
    case 'ScoreSheetSaved':
      return { ...current, scorers: current.scorers.includes(event.data.reviewer) ? current.scorers : [...current.scorers, event.data.reviewer] };
    case 'ScoreSheetLocked':
      return {
        ...current,
        scorers: current.scorers.includes(event.data.reviewer) ? current.scorers : [...current.scorers, event.data.reviewer],
        lockedSheets: [...current.lockedSheets, { reviewer: event.data.reviewer, weightedScore: event.data.weightedScore, lockedAt: at }],
      };
    case 'LegalEthicalCheckRecorded':
      return { ...current, legalEthicalCheck: { items: event.data.items, blocking: event.data.blocking, checkedBy: event.data.checkedBy, checkedAt: at } };
    case 'RecommendationRecorded': {
      const { outcome, body, conditions, rationale, sensitive } = event.data;
      return { ...current, status: 'recommended', recommendation: { outcome, body, conditions, rationale, ...(sensitive ? { sensitive: true as const } : {}), recordedAt: at } };
    }
    case 'DecisionRecorded': {
      const { decision, decidedBy, recordedBy, amount, note } = event.data;
      return { ...current, status: decision, decision: { decision, decidedBy, ...(recordedBy ? { recordedBy } : {}), ...(amount !== undefined ? { amount } : {}), note, decidedAt: at } };
    }
    case 'OfferAccepted':
    case 'OfferDeclined': {
      const accepted = event.type === 'OfferAccepted';
      const note = event.data.note ? { note: event.data.note } : {};
      return { ...current, status: accepted ? 'offer-accepted' : 'offer-declined', offerResponse: { response: accepted ? 'accepted' : 'declined', ...note, at } };
    }
    case 'FeedbackGiven':
      return { ...current, feedback: { feedback: event.data.feedback, appealDeadline: event.data.appealDeadline, givenAt: at } };
    case 'AppealLodged':
      return { ...current, appeal: { grounds: event.data.grounds, lodgedAt: at } };
    case 'AppealDecided': {
      const { outcome, reason, reviewedBy } = event.data;
      return { ...current, appeal: { ...current.appeal!, outcome, reason, reviewedBy, decidedAt: at } };
    }
    default:
      return current;
  }
};

const EMPTY = { informationRequests: [], declarations: [], lockedSheets: [], scorers: [] };

export const proposalsProjection: Projection = {
  name: 'proposals.proposals',
  eventTypes: PROPOSAL_EVENT_TYPES,
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as ProposalEvent;
    const collection: Collection<ProposalView> = readModels.collection(PROPOSALS);
    const revision = Number(recorded.streamRevision);
    await applyOnce(collection, event.data.proposalId, recorded, (current) => {
      const at = recorded.metadata.occurredAt;
      if (event.type === 'ConceptNoteSubmitted') {
        const { proposalId, callId, organizationId, conceptNote } = event.data;
        return { _id: proposalId, callId, organizationId, stage: 'concept-note', status: 'submitted', conceptNote, ...EMPTY, submittedAt: at, revision };
      }
      if (event.type === 'DirectPartnershipOpened') {
        const { proposalId, solutionId, organizationId, title, justification, criteria, scoreScale, reviewers, fullProposalDeadline } = event.data;
        return {
          _id: proposalId,
          callId: `direct-${solutionId}`,
          organizationId,
          stage: 'full-proposal',
          status: 'shortlisted',
          direct: { solutionId, title, justification, criteria, scoreScale, reviewers },
          fullProposalDeadline,
          ...EMPTY,
          submittedAt: at,
          revision,
        };
      }
      if (!current) return null;
      const updated = next(current, event, recorded);
      return updated && { ...updated, revision };
    });
  },
};
