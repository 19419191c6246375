import { z } from 'zod';
import { INDICATOR_UNITS } from './plan';
import { MaskedCount } from './views';

/**
 * The trace the NSCVE asks for on each county page (issue 10): pillar → county action → call for
 * proposals naming the action → awards under that call in the county → the action's indicators.
 * Read from the county's published plan and the county-plans context's own copy of proposals'
 * awarded partnerships. Sensitive actions appear only as a count per pillar; an award under a call
 * that names a sensitive action of the county is never shown (nor counted under another action).
 */
export const AWARD_STATUSES = ['approved', 'accepted'] as const;

export const TraceAward = z
  .object({
    organizationId: z.string(),
    /** As the county-plans context learnt it from registration's events (the id when unknown). */
    organizationName: z.string(),
    title: z.string(),
    amount: z.number(),
    currency: z.string(),
    /** `approved`: the decision; `accepted`: the organisation accepted the offer. */
    status: z.enum(AWARD_STATUSES),
  })
  .strict();
export type TraceAward = z.infer<typeof TraceAward>;

export const TraceCall = z.object({ callId: z.string(), title: z.string(), awards: z.array(TraceAward) }).strict();

export const TraceIndicator = z
  .object({
    indicatorId: z.string(),
    name: z.string(),
    unit: z.enum(INDICATOR_UNITS),
    baseline: z.number(),
    target: z.number(),
    /** The value of the last published report that has one; absent before any. */
    latest: z.object({ period: z.string(), value: z.number() }).strict().optional(),
  })
  .strict();

export const TraceAction = z
  .object({
    actionId: z.string(),
    title: z.string(),
    priorityId: z.string(),
    priorityTitle: z.string(),
    calls: z.array(TraceCall),
    indicators: z.array(TraceIndicator),
  })
  .strict();

export const CountyTraceRead = z
  .object({
    countyCode: z.string(),
    countyName: z.string(),
    planVersion: z.number().int(),
    taxonomy: z.string(),
    pillars: z.array(z.object({ pillarId: z.string(), actions: z.array(TraceAction), sensitiveActions: MaskedCount }).strict()),
  })
  .strict();
export type CountyTraceRead = z.infer<typeof CountyTraceRead>;
