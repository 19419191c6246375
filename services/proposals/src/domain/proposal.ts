import type { Command } from '@csm/eventing';
import type { CallDetails, ConceptNote, CriterionScore, FullProposal, LegalEthicalItem, ProposalEvent, ReceivingBody, Solution } from '@csm/contracts';
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

/**
 * What a proposal is assessed against. A call supplies all of it; a direct partnership (an
 * unsolicited solution converted by the NCTC) has no type, county or budget limits and carries
 * its criteria and reviewers from the conversion.
 */
export interface AssessmentFrame {
  criteria: { id: string; weight: number }[];
  scoreScale: number;
  reviewers: string[];
  appealWindowDays: number;
  /** Absent for direct partnerships. */
  call?: Pick<CallDetails, 'eligibleTypes' | 'targetCounties' | 'pillars' | 'budget'>;
}

export type ProposalStatus =
  | 'none'
  | 'concept-submitted'
  | 'shortlisted'
  | 'declined'
  | 'full-submitted'
  | 'screened-out'
  | 'eligible'
  | 'recommended'
  | 'approved'
  | 'rejected'
  | 'offer-accepted'
  | 'offer-declined';

export interface ReviewerState {
  declared: boolean;
  recused: boolean;
  scored: boolean;
  locked: boolean;
  /** The last draft saved: what a lock without scores locks. */
  draft?: CriterionScore[];
}

export interface Proposal {
  status: ProposalStatus;
  callId?: string;
  organizationId?: string;
  fullProposalDeadline?: string;
  /** Set by an information request: this submission is open again until then. */
  reopenedUntil?: string;
  fullProposal?: FullProposal;
  /** Direct partnerships carry their assessment frame. */
  directFrame?: Pick<AssessmentFrame, 'criteria' | 'scoreScale' | 'reviewers'>;
  /** username → what they did; a Map, because usernames come from requests and tokens. */
  reviewers: ReadonlyMap<string, ReviewerState>;
  legalEthicalBlocking?: boolean;
  recommendation?: 'recommend' | 'recommend-with-conditions' | 'do-not-recommend';
  /** The body the recommendation names: the only one (or the NCTC on its behalf) that decides. */
  recommendedTo?: ReceivingBody;
  appealDeadline?: string;
  appeal?: 'lodged' | 'decided';
}

type ProposalCommand_<T extends string, D> = Command<T, { proposalId: string } & D>;

export type SubmitConceptNote = ProposalCommand_<'SubmitConceptNote', { call: CallSnapshot & { callId: string }; applicant: ApplicantSnapshot; conceptNote: ConceptNote }>;
export type AmendConceptNote = ProposalCommand_<'AmendConceptNote', { call: CallSnapshot & { callId: string }; applicant: ApplicantSnapshot; conceptNote: ConceptNote }>;
/** Shortlisting happens once the call is closed: every concept note is then final. */
export type ShortlistConceptNote = ProposalCommand_<'ShortlistConceptNote', { callStatus: CallStatus; note?: string; fullProposalDeadline: string }>;
export type DeclineConceptNote = ProposalCommand_<'DeclineConceptNote', { callStatus: CallStatus; reason: string }>;
/** The frame lets the decider refuse, at submission, a budget or counties the call cannot take. */
export type SubmitFullProposal = ProposalCommand_<'SubmitFullProposal', { fullProposal: FullProposal; frame: AssessmentFrame }>;
export type AmendFullProposal = ProposalCommand_<'AmendFullProposal', { fullProposal: FullProposal; frame: AssessmentFrame }>;
export type RequestInformation = ProposalCommand_<'RequestInformation', { message: string; until: string }>;
export type ScreenProposal = ProposalCommand_<'ScreenProposal', { frame: AssessmentFrame; applicant: ApplicantSnapshot }>;
/** `reviewerIsMember`: registration data says the reviewer belongs to the applicant organisation. */
export type DeclareConflict = ProposalCommand_<'DeclareConflict', { reviewer: string; conflict: boolean; details?: string; reviewerIsMember: boolean; frame: AssessmentFrame }>;
/** `scores` absent on a lock: lock the draft saved before. */
export type SaveScoreSheet = ProposalCommand_<'SaveScoreSheet', { reviewer: string; scores?: CriterionScore[]; lock: boolean; frame: AssessmentFrame }>;
/** `panel`: set when a panel reviewer (not the secretariat) records it; they must have declared and not be recused. */
export type RecordLegalEthicalCheck = ProposalCommand_<'RecordLegalEthicalCheck', { items: LegalEthicalItem[]; checkedBy: string; mandatory: string[]; panel?: AssessmentFrame }>;
export type RecordRecommendation = ProposalCommand_<
  'RecordRecommendation',
  { outcome: 'recommend' | 'recommend-with-conditions' | 'do-not-recommend'; body: ReceivingBody; conditions: string[]; rationale: string; sensitive?: boolean; frame: AssessmentFrame }
>;
/** Who records it (the addressed body's liaison, or the NCTC on its behalf) comes from the metadata's actor. */
export type RecordDecision = ProposalCommand_<'RecordDecision', { decision: 'approved' | 'rejected'; amount?: number; note: string }>;
export type RespondToOffer = ProposalCommand_<'RespondToOffer', { response: 'accept' | 'decline'; note?: string }>;
export type GiveFeedback = ProposalCommand_<'GiveFeedback', { feedback: string; appealWindowDays: number }>;
export type LodgeAppeal = ProposalCommand_<'LodgeAppeal', { grounds: string }>;
/** `deciderIsMember`: registration data says the person deciding belongs to the applicant organisation. */
export type DecideAppeal = ProposalCommand_<'DecideAppeal', { outcome: 'upheld' | 'dismissed'; reason: string; reviewer: string; deciderIsMember: boolean }>;
export type OpenDirectPartnership = ProposalCommand_<
  'OpenDirectPartnership',
  {
    solution: { solutionId: string; organizationId: string; solution: Solution; converted: boolean };
    justification: string;
    fullProposalDeadline: string;
    criteria: { id: string; name: string; weight: number }[];
    scoreScale: number;
    reviewers: string[];
  }
>;

export type ProposalCommand =
  | SubmitConceptNote
  | AmendConceptNote
  | ShortlistConceptNote
  | DeclineConceptNote
  | SubmitFullProposal
  | AmendFullProposal
  | RequestInformation
  | ScreenProposal
  | DeclareConflict
  | SaveScoreSheet
  | RecordLegalEthicalCheck
  | RecordRecommendation
  | RecordDecision
  | RespondToOffer
  | GiveFeedback
  | LodgeAppeal
  | DecideAppeal
  | OpenDirectPartnership;

export type { ProposalEvent };
