import { z } from 'zod';
import { multiLineText, singleLineText } from '../text';
import { COUNTY_CODES } from '../reference/counties';
import { PILLAR_IDS } from '../reference/pillars';
import { OrganizationId } from '../registration/profile';

/**
 * Stage two and everything after it: the full proposal, screening, conflicts of interest,
 * scoring, the legal & ethical check, the recommendation, the decision, feedback and appeal.
 */

export const BudgetLine = z
  .object({
    description: singleLineText(3, 300),
    category: z.enum(['personnel', 'activities', 'equipment', 'travel', 'monitoring-evaluation', 'overheads', 'other']),
    amount: z.number().int().min(1),
  })
  .strict();

export const FullProposal = z
  .object({
    title: singleLineText(5, 200),
    summary: multiLineText(50, 8000),
    counties: z.array(z.enum(COUNTY_CODES)).min(1),
    pillars: z.array(z.enum(PILLAR_IDS)).min(1),
    budget: z.object({ currency: z.enum(['KES', 'USD']), lines: z.array(BudgetLine).min(1).max(200) }).strict(),
    beneficiaries: z
      .object({ description: multiLineText(10, 2000), directCount: z.number().int().min(1), groups: z.array(z.enum(['youth', 'women', 'children', 'returnees', 'religious-leaders', 'teachers', 'families', 'other'])).min(1) })
      .strict(),
    partners: z.array(z.object({ name: singleLineText(2, 200), role: singleLineText(3, 500) }).strict()).max(20),
    risks: z.array(z.object({ risk: multiLineText(5, 500), likelihood: z.enum(['low', 'medium', 'high']), mitigation: multiLineText(5, 1000) }).strict()).min(1).max(30),
    safeguardingPlan: multiLineText(50, 8000),
    durationMonths: z.number().int().min(1).max(60),
  })
  .strict();
export type FullProposal = z.infer<typeof FullProposal>;
export const totalBudget = (proposal: Pick<FullProposal, 'budget'>): number => proposal.budget.lines.reduce((sum, line) => sum + line.amount, 0);

/** Eligibility screening: each check is recorded with its reason, pass or fail. */
export const SCREENING_CHECKS = ['organization-type', 'registration-status', 'county-pillar-fit', 'completeness'] as const;
export const ScreeningCheck = z.object({ check: z.enum(SCREENING_CHECKS), passed: z.boolean(), reason: z.string() });
export type ScreeningCheck = z.infer<typeof ScreeningCheck>;

export const CriterionScore = z.object({ criterionId: z.string(), score: z.number().int().min(0), comment: multiLineText(3, 2000) }).strict();
export type CriterionScore = z.infer<typeof CriterionScore>;

/**
 * The legal & ethical check. Mandatory items block a recommendation when failed, whatever the
 * score; gender and inclusion is scored and recorded but not blocking.
 */
export const LEGAL_ETHICAL_ITEMS = {
  'do-no-harm': { label: 'Do no harm and stigmatisation risk', mandatory: true },
  'human-rights-legality': { label: 'Human rights and legality under Kenyan law', mandatory: true },
  'data-protection': { label: 'Data protection (Data Protection Act 2019: sensitive data, consent, minimisation)', mandatory: true },
  'child-safeguarding': { label: 'Child safeguarding', mandatory: true },
  'gender-inclusion': { label: 'Gender and inclusion', mandatory: false },
} as const;
export type LegalEthicalItemId = keyof typeof LEGAL_ETHICAL_ITEMS;
const ITEM_IDS = Object.keys(LEGAL_ETHICAL_ITEMS) as [LegalEthicalItemId, ...LegalEthicalItemId[]];
export const LegalEthicalItem = z.object({ item: z.enum(ITEM_IDS), score: z.number().int().min(0).max(4), passed: z.boolean(), note: multiLineText(3, 2000) }).strict();
export type LegalEthicalItem = z.infer<typeof LegalEthicalItem>;

export const RecommendationOutcome = z.enum(['recommend', 'recommend-with-conditions', 'do-not-recommend']);
/**
 * The body a recommendation goes to. `id` is the `org_id` its liaison accounts carry in identity
 * (Keycloak user attribute; `gcerf` for the demo donor): only an account whose token names that id
 * records the body's decision, or the NCTC on its behalf. Donors and GCERF are named by id; a
 * Government entity has no accounts here and the NCTC records its decision.
 */
export const ReceivingBody = z.object({ kind: z.enum(['government', 'donor', 'gcerf']), name: singleLineText(2, 200), id: OrganizationId.optional() }).strict();
export type ReceivingBody = z.infer<typeof ReceivingBody>;

/** HTTP bodies. */
export const ShortlistBody = z.object({ note: multiLineText(0, 2000).optional(), fullProposalDeadline: z.iso.datetime() }).strict();
export const InformationRequestBody = z.object({ message: multiLineText(10, 4000), until: z.iso.datetime() }).strict();
export const ConflictDeclarationBody = z.object({ conflict: z.boolean(), details: multiLineText(3, 2000).optional() }).strict();
export const ScoreSheetBody = z.object({ scores: z.array(CriterionScore).min(1).max(20) }).strict();
/** Locking takes what was drafted; scores sent with the lock are saved and locked in one step. */
export const LockScoreSheetBody = z.object({ scores: z.array(CriterionScore).min(1).max(20).optional() }).strict();
export const LegalEthicalCheckBody = z
  .object({ items: z.array(LegalEthicalItem) })
  .strict()
  .refine((b) => ITEM_IDS.every((id) => b.items.filter((i) => i.item === id).length === 1), { message: `record each item exactly once: ${ITEM_IDS.join(', ')}`, path: ['items'] });
export const RecommendationBody = z
  .object({
    outcome: RecommendationOutcome,
    body: ReceivingBody,
    conditions: z.array(multiLineText(3, 1000)).max(20).default([]),
    rationale: multiLineText(20, 8000),
    /** The work is sensitive (with returnees, say): published only as a county-level count. Absent: false. */
    sensitive: z.boolean().optional(),
  })
  .strict()
  .refine((b) => b.outcome !== 'recommend-with-conditions' || b.conditions.length > 0, { message: 'a conditional recommendation lists its conditions', path: ['conditions'] })
  .refine((b) => b.body.kind === 'government' || b.body.id !== undefined, { message: 'a donor or GCERF is named by its id (the org_id of its accounts)', path: ['body', 'id'] });
/** Who decided is not the caller's to say: it is the body the recommendation names, acting through the token. */
export const DecisionBody = z
  .object({ decision: z.enum(['approved', 'rejected']), amount: z.number().int().min(1).optional(), note: multiLineText(3, 4000) })
  .strict()
  .refine((b) => b.decision === 'rejected' || b.amount !== undefined, { message: 'an approval states the amount offered', path: ['amount'] });
export const OfferResponseBody = z.object({ response: z.enum(['accept', 'decline']), note: multiLineText(3, 2000).optional() }).strict();
export const FeedbackBody = z.object({ feedback: multiLineText(20, 8000) }).strict();
export const AppealBody = z.object({ grounds: multiLineText(20, 8000) }).strict();
export const AppealDecisionBody = z.object({ outcome: z.enum(['upheld', 'dismissed']), reason: multiLineText(10, 4000) }).strict();
