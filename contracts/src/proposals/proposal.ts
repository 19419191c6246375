import { z } from 'zod';
import { multiLineText, singleLineText } from '../text';
import { COUNTY_CODES } from '../reference/counties';
import { PILLAR_IDS } from '../reference/pillars';
import { MemberId, Username } from '../registration/events';
import { Criterion } from './call';
import {
  CriterionScore,
  FullProposal,
  LegalEthicalItem,
  ReceivingBody,
  RecommendationOutcome,
  ScreeningCheck,
} from './assessment';

/** Stage one of a proposal: the concept note an organisation submits to a call. */
export const ConceptNote = z
  .object({
    title: singleLineText(5, 200),
    summary: multiLineText(50, 4000),
    counties: z.array(z.enum(COUNTY_CODES)).min(1),
    pillars: z.array(z.enum(PILLAR_IDS)).min(1),
    requestedBudget: z.object({ currency: z.enum(['KES', 'USD']), amount: z.number().int().min(1) }),
    durationMonths: z.number().int().min(1).max(60),
  })
  .strict();
export type ConceptNote = z.infer<typeof ConceptNote>;

/** One proposal per organisation and call: `<callId>.<organizationId>`. */
export const proposalIdOf = (callId: string, organizationId: string): string => `${callId}.${organizationId}`;
export const proposalStreamId = (proposalId: string): string => `proposal-${proposalId}`;

const proposalEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object({ proposalId: z.string(), ...shape }) });
const proposalEventV2 = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(2), data: z.object({ proposalId: z.string(), ...shape }) });

export const ConceptNoteSubmittedV1 = proposalEvent('ConceptNoteSubmitted', { callId: z.string(), organizationId: z.string(), conceptNote: ConceptNote });
export const ConceptNoteAmendedV1 = proposalEvent('ConceptNoteAmended', { conceptNote: ConceptNote });

export const ConceptNoteShortlistedV1 = proposalEvent('ConceptNoteShortlisted', { note: z.string().optional() });
/** Every applicant not taken forward is told why (issue 4: feedback to every applicant). */
export const ConceptNoteDeclinedV1 = proposalEvent('ConceptNoteDeclined', { reason: z.string() });

/** Emitted with ConceptNoteShortlisted: the applicant may submit a full proposal until `deadline`. */
export const FullProposalInvitedV1 = proposalEvent('FullProposalInvited', { deadline: z.string() });
export const FullProposalSubmittedV1 = proposalEvent('FullProposalSubmitted', { fullProposal: FullProposal });
export const FullProposalAmendedV1 = proposalEvent('FullProposalAmended', { fullProposal: FullProposal });
/** Reopens this one submission (whichever stage it is at) until `until`. */
export const InformationRequestedV1 = proposalEvent('InformationRequested', { message: z.string(), until: z.string() });
export const ProposalScreenedV1 = proposalEvent('ProposalScreened', { outcome: z.enum(['eligible', 'screened-out']), checks: z.array(ScreeningCheck) });
export const ConflictOfInterestDeclaredV1 = proposalEvent('ConflictOfInterestDeclared', { reviewer: Username, conflict: z.boolean(), details: z.string().optional() });
/** `declared` by the reviewer, or `registration-membership` detected from registration data. */
export const ReviewerRecusedV1 = proposalEvent('ReviewerRecused', { reviewer: Username, reason: z.enum(['declared', 'registration-membership']) });
export const ScoreSheetSavedV1 = proposalEvent('ScoreSheetSaved', { reviewer: Username, scores: z.array(CriterionScore) });
export const ScoreSheetLockedV1 = proposalEvent('ScoreSheetLocked', { reviewer: Username, scores: z.array(CriterionScore), weightedScore: z.number() });
export const LegalEthicalCheckRecordedV1 = proposalEvent('LegalEthicalCheckRecorded', { items: z.array(LegalEthicalItem), blocking: z.boolean(), checkedBy: Username });
export const RecommendationRecordedV1 = proposalEvent('RecommendationRecorded', {
  outcome: RecommendationOutcome,
  body: ReceivingBody,
  conditions: z.array(z.string()),
  rationale: z.string(),
  /** Work that must not be published in detail (with returnees, say): the public map only counts it per county. Absent: not sensitive. */
  sensitive: z.boolean().optional(),
});
/**
 * `decidedBy` is the body the recommendation named; `recordedBy` says whether its own liaison
 * recorded the decision or the NCTC did on its behalf (absent in events recorded before it existed).
 */
export const DecisionRecordedV1 = proposalEvent('DecisionRecorded', {
  decision: z.enum(['approved', 'rejected']),
  decidedBy: ReceivingBody,
  recordedBy: z.enum(['receiving-body', 'nctc-on-behalf']).optional(),
  amount: z.number().optional(),
  note: z.string(),
});
export const OfferAcceptedV1 = proposalEvent('OfferAccepted', { note: z.string().optional() });
export const OfferDeclinedV1 = proposalEvent('OfferDeclined', { note: z.string().optional() });
export const FeedbackGivenV1 = proposalEvent('FeedbackGiven', { feedback: z.string(), appealDeadline: z.string() });
export const AppealLodgedV1 = proposalEvent('AppealLodged', { grounds: z.string() });
export const AppealDecidedV1 = proposalEvent('AppealDecided', { outcome: z.enum(['upheld', 'dismissed']), reason: z.string(), reviewedBy: Username });
/** An unsolicited solution converted by the NCTC into a direct partnership proposal. */
export const DirectPartnershipOpenedV1 = proposalEvent('DirectPartnershipOpened', {
  solutionId: z.string(),
  organizationId: z.string(),
  title: z.string(),
  justification: z.string(),
  fullProposalDeadline: z.string(),
  criteria: z.array(Criterion),
  scoreScale: z.number(),
  reviewers: z.array(Username),
});

/**
 * v2 of every event that named a reviewer or checker by username in clear: the member id
 * (`SubjectIds.forUsername`) instead; v1 is upcast on read (contracts/src/proposals/upcasters.ts).
 */
export const ConflictOfInterestDeclaredV2 = proposalEventV2('ConflictOfInterestDeclared', { reviewer: MemberId, conflict: z.boolean(), details: z.string().optional() });
export const ReviewerRecusedV2 = proposalEventV2('ReviewerRecused', { reviewer: MemberId, reason: z.enum(['declared', 'registration-membership']) });
export const ScoreSheetSavedV2 = proposalEventV2('ScoreSheetSaved', { reviewer: MemberId, scores: z.array(CriterionScore) });
export const ScoreSheetLockedV2 = proposalEventV2('ScoreSheetLocked', { reviewer: MemberId, scores: z.array(CriterionScore), weightedScore: z.number() });
export const LegalEthicalCheckRecordedV2 = proposalEventV2('LegalEthicalCheckRecorded', { items: z.array(LegalEthicalItem), blocking: z.boolean(), checkedBy: MemberId });
export const AppealDecidedV2 = proposalEventV2('AppealDecided', { outcome: z.enum(['upheld', 'dismissed']), reason: z.string(), reviewedBy: MemberId });
export const DirectPartnershipOpenedV2 = proposalEventV2('DirectPartnershipOpened', {
  solutionId: z.string(),
  organizationId: z.string(),
  title: z.string(),
  justification: z.string(),
  fullProposalDeadline: z.string(),
  criteria: z.array(Criterion),
  scoreScale: z.number(),
  reviewers: z.array(MemberId),
});
export const PROPOSAL_EVENT_SCHEMAS_SUPERSEDED = [
  ConflictOfInterestDeclaredV1,
  ReviewerRecusedV1,
  ScoreSheetSavedV1,
  ScoreSheetLockedV1,
  LegalEthicalCheckRecordedV1,
  AppealDecidedV1,
  DirectPartnershipOpenedV1,
] as const;

export const ProposalEvent = z.discriminatedUnion('type', [
  ConceptNoteSubmittedV1,
  ConceptNoteAmendedV1,
  ConceptNoteShortlistedV1,
  ConceptNoteDeclinedV1,
  FullProposalInvitedV1,
  FullProposalSubmittedV1,
  FullProposalAmendedV1,
  InformationRequestedV1,
  ProposalScreenedV1,
  ConflictOfInterestDeclaredV2,
  ReviewerRecusedV2,
  ScoreSheetSavedV2,
  ScoreSheetLockedV2,
  LegalEthicalCheckRecordedV2,
  RecommendationRecordedV1,
  DecisionRecordedV1,
  OfferAcceptedV1,
  OfferDeclinedV1,
  FeedbackGivenV1,
  AppealLodgedV1,
  AppealDecidedV2,
  DirectPartnershipOpenedV2,
]);

export const PROPOSAL_EVENT_TYPES = ProposalEvent.options.map((o) => o.shape.type.value);
export type ProposalEvent = z.infer<typeof ProposalEvent>;
