import { z } from 'zod';
import { multiLineText, singleLineText } from '../text';
import { COUNTY_CODES } from '../reference/counties';
import { PILLAR_IDS } from '../reference/pillars';
import { OrganizationType } from '../registration/profile';
import { MemberId, Username } from '../registration/events';
import { PlanActionRef } from '../county-plans/initiative';

/** Calls for proposals: the NCTC's invitation to present solutions (proposals context). */
export const CallId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, 'lowercase letters, digits and inner hyphens, 3 to 64 characters')
  .refine((id) => !id.startsWith('direct-'), '`direct-` is reserved for direct partnerships');

export const Criterion = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  name: singleLineText(2, 200),
  /** Percent; the weights of a call total exactly 100. */
  weight: z.number().int().min(1).max(100),
});

export const CallDetails = z
  .object({
    title: singleLineText(5, 200),
    background: multiLineText(20, 8000),
    expectedResults: multiLineText(10, 4000),
    targetCounties: z.array(z.enum(COUNTY_CODES)).min(1),
    pillars: z.array(z.enum(PILLAR_IDS)).min(1),
    eligibleTypes: z.array(OrganizationType).min(1),
    budget: z.object({ currency: z.enum(['KES', 'USD']), min: z.number().int().min(0), max: z.number().int().min(1) }).refine((b) => b.min <= b.max, {
      message: 'min must not exceed max',
      path: ['min'],
    }),
    timeline: z
      .object({ clarificationDeadline: z.iso.datetime(), submissionDeadline: z.iso.datetime(), resultsDate: z.iso.date() })
      .refine((t) => t.clarificationDeadline < t.submissionDeadline, { message: 'clarifications close before submissions', path: ['clarificationDeadline'] })
      .refine((t) => t.submissionDeadline.slice(0, 10) <= t.resultsDate, { message: 'results come after the submission deadline', path: ['resultsDate'] }),
    criteria: z
      .array(Criterion)
      .min(1)
      .max(20)
      .refine((c) => c.reduce((sum, x) => sum + x.weight, 0) === 100, 'criteria weights must total 100')
      .refine((c) => new Set(c.map((x) => x.id)).size === c.length, 'criterion ids must be unique'),
    /** Highest score a reviewer may give per criterion (the lowest is 0). */
    scoreScale: z.number().int().min(3).max(100).default(10),
    reviewers: z.array(Username).min(1).max(30),
    /** Days an applicant has to appeal after receiving feedback. */
    appealWindowDays: z.number().int().min(1).max(90).default(7),
    /**
     * The county-plan actions the call funds (`{ countyCode, actionId }`), each county one of the
     * call's `targetCounties`. Absent: none (calls drafted before it existed). The proposals
     * context cannot see county plans: the county-plans context shows the link only where the
     * action is in that county's published plan.
     */
    planActions: z
      .array(PlanActionRef)
      .max(200)
      .superRefine((refs, ctx) =>
        refs.forEach((a, i) => {
          if (refs.findIndex((b) => b.countyCode === a.countyCode && b.actionId === a.actionId) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${a.countyCode}/${a.actionId} is listed twice` });
        }),
      )
      .optional(),
  })
  .strict();

export type CallDetails = z.infer<typeof CallDetails>;

/** The details as events record them since v2: the panel by member id, never by username. */
export const CallDetailsRecord = CallDetails.extend({ reviewers: z.array(MemberId).min(1).max(30) });

const callEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object({ callId: CallId, ...shape }) });
const callEventV2 = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(2), data: z.object({ callId: CallId, ...shape }) });

export const CallDraftedV1 = callEvent('CallDrafted', { details: CallDetails });
export const CallDraftAmendedV1 = callEvent('CallDraftAmended', { details: CallDetails });
/** v2: the panel's reviewers by member id (v1 named them by username in clear). */
export const CallDraftedV2 = callEventV2('CallDrafted', { details: CallDetailsRecord });
export const CallDraftAmendedV2 = callEventV2('CallDraftAmended', { details: CallDetailsRecord });
export const CALL_EVENT_SCHEMAS_SUPERSEDED = [CallDraftedV1, CallDraftAmendedV1] as const;
export const CallPublishedV1 = callEvent('CallPublished', {});
export const CallClosedV1 = callEvent('CallClosed', {});
export const CallFinalisedV1 = callEvent('CallFinalised', {});
export const CallCancelledV1 = callEvent('CallCancelled', { reason: z.string() });
/** Who asked is kept for the audit trail but never shown with the answer. */
export const ClarificationAskedV1 = callEvent('ClarificationAsked', { questionId: z.string(), question: z.string(), organizationId: z.string() });
export const ClarificationAnsweredV1 = callEvent('ClarificationAnswered', { questionId: z.string(), answer: z.string() });

export const CallEvent = z.discriminatedUnion('type', [
  CallDraftedV2,
  CallDraftAmendedV2,
  CallPublishedV1,
  CallClosedV1,
  CallFinalisedV1,
  CallCancelledV1,
  ClarificationAskedV1,
  ClarificationAnsweredV1,
]);
export type CallEvent = z.infer<typeof CallEvent>;

export const callStreamId = (callId: string): string => `call-${callId}`;

/** HTTP bodies. */
export const DraftCallBody = z.object({ callId: CallId, details: CallDetails }).strict();
export const AskClarificationBody = z.object({ question: multiLineText(10, 2000) }).strict();
export const AnswerClarificationBody = z.object({ answer: multiLineText(2, 4000) }).strict();
