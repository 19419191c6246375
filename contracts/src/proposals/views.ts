import { z } from 'zod';
import { CallDetails, Criterion } from './call';
import { ConceptNote } from './proposal';
import { CriterionScore, FullProposal, LegalEthicalItem, ReceivingBody, RecommendationOutcome, ScreeningCheck } from './assessment';
import { Solution } from './solution';

/**
 * What the proposals API answers to reads: the published shape of its read models, so the
 * OpenAPI document declares it and tests check real answers against it.
 */

const Timestamp = z.iso.datetime();

export const CALL_STATUSES = ['draft', 'published', 'closed', 'finalised', 'cancelled'] as const;

export const CallRead = z
  .object({
    _id: z.string(),
    status: z.enum(CALL_STATUSES),
    details: CallDetails,
    /** The stream revision, also sent as the ETag for If-Match. */
    revision: z.number().int(),
    publishedAt: Timestamp.optional(),
    cancellationReason: z.string().optional(),
    questions: z.number().int(),
    answered: z.number().int(),
  })
  .strict();
export const CallList = z.object({ items: z.array(CallRead) }).strict();

/** A question and its answer; who asked is shown to the NCTC only. */
export const ClarificationRead = z
  .object({
    questionId: z.string(),
    callId: z.string(),
    question: z.string(),
    askedAt: Timestamp,
    askedBy: z.string().optional(),
    answer: z.string().optional(),
    answeredAt: Timestamp.optional(),
  })
  .strict();
export const ClarificationList = z.object({ items: z.array(ClarificationRead) }).strict();

export const PROPOSAL_VIEW_STATUSES = [
  'submitted',
  'shortlisted',
  'declined',
  'full-proposal-submitted',
  'screened-out',
  'eligible',
  'recommended',
  'approved',
  'rejected',
  'offer-accepted',
  'offer-declined',
] as const;

/** Everything the NCTC and auditors know about one proposal, from concept note to appeal. */
export const ProposalRead = z
  .object({
    _id: z.string(),
    /** The call id, or `direct-<solutionId>` for a direct partnership. */
    callId: z.string(),
    organizationId: z.string(),
    stage: z.enum(['concept-note', 'full-proposal']),
    status: z.enum(PROPOSAL_VIEW_STATUSES),
    declineReason: z.string().optional(),
    conceptNote: ConceptNote.optional(),
    direct: z
      .object({
        solutionId: z.string(),
        title: z.string(),
        justification: z.string(),
        criteria: z.array(Criterion),
        scoreScale: z.number().int(),
        reviewers: z.array(z.string()),
      })
      .strict()
      .optional(),
    fullProposalDeadline: Timestamp.optional(),
    fullProposal: FullProposal.optional(),
    informationRequests: z.array(z.object({ message: z.string(), until: Timestamp, requestedAt: Timestamp }).strict()),
    screening: z.object({ outcome: z.enum(['eligible', 'screened-out']), checks: z.array(ScreeningCheck), screenedAt: Timestamp }).strict().optional(),
    declarations: z.array(
      z
        .object({
          reviewer: z.string(),
          conflict: z.boolean(),
          details: z.string().optional(),
          recused: z.boolean(),
          recusalReason: z.enum(['declared', 'registration-membership']).optional(),
          declaredAt: Timestamp,
        })
        .strict(),
    ),
    lockedSheets: z.array(z.object({ reviewer: z.string(), weightedScore: z.number(), lockedAt: Timestamp }).strict()),
    scorers: z.array(z.string()),
    legalEthicalCheck: z.object({ items: z.array(LegalEthicalItem), blocking: z.boolean(), checkedBy: z.string(), checkedAt: Timestamp }).strict().optional(),
    recommendation: z
      .object({ outcome: RecommendationOutcome, body: ReceivingBody, conditions: z.array(z.string()), rationale: z.string(), sensitive: z.literal(true).optional(), recordedAt: Timestamp })
      .strict()
      .optional(),
    decision: z
      .object({
        decision: z.enum(['approved', 'rejected']),
        decidedBy: ReceivingBody,
        // Who recorded it: the addressed body itself, or the NCTC on its behalf.
        recordedBy: z.enum(['receiving-body', 'nctc-on-behalf']).optional(),
        amount: z.number().optional(),
        note: z.string(),
        decidedAt: Timestamp,
      })
      .strict()
      .optional(),
    offerResponse: z.object({ response: z.enum(['accepted', 'declined']), note: z.string().optional(), at: Timestamp }).strict().optional(),
    feedback: z.object({ feedback: z.string(), appealDeadline: Timestamp, givenAt: Timestamp }).strict().optional(),
    appeal: z
      .object({
        grounds: z.string(),
        lodgedAt: Timestamp,
        outcome: z.enum(['upheld', 'dismissed']).optional(),
        reason: z.string().optional(),
        reviewedBy: z.string().optional(),
        decidedAt: Timestamp.optional(),
      })
      .strict()
      .optional(),
    submittedAt: Timestamp,
    amendedAt: Timestamp.optional(),
    revision: z.number().int(),
  })
  .strict();
export const ProposalList = z.object({ items: z.array(ProposalRead) }).strict();

/** The applicant's own proposal: never reviewers, conflicts, scores or the panel's deliberation. */
export const ApplicantProposalRead = ProposalRead.omit({ declarations: true, lockedSheets: true, scorers: true, legalEthicalCheck: true, recommendation: true }).extend({
  // A recommendation not yet decided reads "decision-pending": the outcome may still be "do not recommend".
  status: z.enum([...PROPOSAL_VIEW_STATUSES, 'decision-pending']),
});
/** Every proposal of one applicant organisation, each as the applicant reads it. */
export const ApplicantProposalList = z.object({ items: z.array(ApplicantProposalRead) }).strict();

/** What a reviewer sees before declaring: enough to know whether they have a conflict. */
export const ReviewSummary = z
  .object({
    proposalId: z.string(),
    callId: z.string(),
    organizationId: z.string(),
    organizationName: z.string(),
    title: z.string().optional(),
    status: z.enum(PROPOSAL_VIEW_STATUSES),
  })
  .strict();
export const ReviewAssignments = z.object({ items: z.array(ReviewSummary.extend({ declared: z.boolean(), recused: z.boolean(), locked: z.boolean() })) }).strict();

/** The proposal in full for a declared, not recused reviewer, with what it is scored against. */
export const ProposalForReview = ReviewSummary.extend({
  conceptNote: ConceptNote.optional(),
  fullProposal: FullProposal.optional(),
  screening: ProposalRead.shape.screening,
  criteria: z.array(Criterion),
  scoreScale: z.number().int(),
});

export const ScoreSheetRead = z
  .object({
    _id: z.string(),
    proposalId: z.string(),
    reviewer: z.string(),
    scores: z.array(CriterionScore),
    locked: z.boolean(),
    weightedScore: z.number().optional(),
    updatedAt: Timestamp,
  })
  .strict();
export const ScoreSheetList = z.object({ items: z.array(ScoreSheetRead) }).strict();

/** The recommendation pack of a call, ranked; also rendered as CSV and as a printable page. */
export const RecommendationPackRead = z
  .object({
    callId: z.string(),
    title: z.string(),
    // `nctc`: the whole pack; `recipient`: the rows addressed to the reader's body, reviewers anonymised.
    audience: z.enum(['nctc', 'recipient']),
    generatedAt: Timestamp,
    rows: z.array(
      z
        .object({
          rank: z.number().int(),
          proposalId: z.string(),
          organization: z.string(),
          title: z.string(),
          requested: z.string(),
          status: z.string(),
          average: z.number().nullable(),
          spread: z.number().nullable(),
          min: z.number().nullable(),
          max: z.number().nullable(),
          sheets: z.array(z.object({ reviewer: z.string(), weightedScore: z.number() }).strict()),
          conflicts: z.array(z.object({ reviewer: z.string(), conflict: z.boolean(), recused: z.boolean(), reason: z.string() }).strict()),
          legalEthical: z.array(
            z.object({ item: z.string(), label: z.string(), mandatory: z.boolean(), passed: z.boolean(), score: z.number(), note: z.string() }).strict(),
          ),
          legalEthicalBlocking: z.boolean().nullable(),
          recommendation: z.string(),
          body: z.string(),
          conditions: z.array(z.string()),
          rationale: z.string(),
        })
        .strict(),
    ),
    screenedOut: z.array(z.object({ proposalId: z.string(), organization: z.string(), reasons: z.array(z.string()) }).strict()),
  })
  .strict();

export const SolutionRead = z
  .object({
    _id: z.string(),
    solutionId: z.string(),
    organizationId: z.string(),
    solution: Solution,
    status: z.enum(['presented', 'converted']),
    presentedAt: Timestamp,
    conversion: z.object({ proposalId: z.string(), justification: z.string(), convertedAt: Timestamp }).strict().optional(),
  })
  .strict();
export const SolutionList = z.object({ items: z.array(SolutionRead) }).strict();
