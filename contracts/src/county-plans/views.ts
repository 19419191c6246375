import { z } from 'zod';
import { CountyPlanDraftContent, PLAN_REVIEW_LEVELS } from './plan';
import { CountyReportContent, REPORT_LEVELS } from './report';

/** What the county-plans API answers to reads: the published shape of its read models. */
const Timestamp = z.iso.datetime();

export const PLAN_VERSION_STATUSES = ['draft', 'submitted', 'endorsed', 'returned', 'approved', 'published', 'superseded'] as const;
export type PlanVersionStatus = (typeof PLAN_VERSION_STATUSES)[number];

export const PlanVersionRead = z
  .object({
    version: z.number().int(),
    status: z.enum(PLAN_VERSION_STATUSES),
    /** A draft may be incomplete; a submitted version is complete. */
    plan: CountyPlanDraftContent,
    draftedAt: Timestamp,
    submittedAt: Timestamp.optional(),
    publishedAt: Timestamp.optional(),
    returns: z.array(z.object({ level: z.enum(PLAN_REVIEW_LEVELS), reasons: z.array(z.string()), at: Timestamp }).strict()),
  })
  .strict();

export const CountyPlanRead = z
  .object({
    countyCode: z.string(),
    countyName: z.string(),
    /** The stream revision, also sent as the ETag for If-Match. */
    revision: z.number().int(),
    publishedVersion: z.number().int().optional(),
    /** The version waiting for a decision, and whose. */
    pending: z.object({ version: z.number().int(), level: z.enum(PLAN_REVIEW_LEVELS) }).strict().optional(),
    /** The public sees published (and superseded) versions only; the county's staff, the NCTC and auditors every version. */
    versions: z.array(PlanVersionRead),
  })
  .strict();
export const CountyPlanSummary = z
  .object({ countyCode: z.string(), countyName: z.string(), publishedVersion: z.number().int(), title: z.string(), taxonomy: z.string(), timeframe: z.object({ from: z.string(), to: z.string() }).strict(), publishedAt: Timestamp })
  .strict();
export const CountyPlanList = z.object({ items: z.array(CountyPlanSummary) }).strict();

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'published'] as const;

const ReportReturn = z.object({ level: z.enum(REPORT_LEVELS), reason: z.string(), revision: z.number().int(), at: Timestamp }).strict();

export const CountyReportRead = z
  .object({
    countyCode: z.string(),
    period: z.string(),
    dueOn: z.iso.date(),
    /** Late: submitted after `dueOn`, or not submitted and `dueOn` has passed. */
    late: z.boolean(),
    /** The stream revision (ETag). */
    streamRevision: z.number().int(),
    /** The report's own revision: 1, then one more per correction. */
    revision: z.number().int(),
    status: z.enum(REPORT_STATUSES),
    /** Whose approval it waits for while submitted. */
    level: z.enum(REPORT_LEVELS).optional(),
    planVersion: z.number().int(),
    report: CountyReportContent,
    firstSubmittedAt: Timestamp.optional(),
    submittedAt: Timestamp.optional(),
    returns: z.array(ReportReturn),
    /** The revision the public reads, once one is published. */
    published: z.object({ revision: z.number().int(), planVersion: z.number().int(), report: CountyReportContent, publishedAt: Timestamp }).strict().optional(),
  })
  .strict();

/** The public's view: the published revision only. */
export const PublishedReportRead = z
  .object({
    countyCode: z.string(),
    period: z.string(),
    dueOn: z.iso.date(),
    late: z.boolean(),
    revision: z.number().int(),
    planVersion: z.number().int(),
    report: CountyReportContent,
    publishedAt: Timestamp,
  })
  .strict();

export const CountyReportList = z
  .object({
    items: z.array(z.union([CountyReportRead, PublishedReportRead])),
    /** Periods of the published plan whose due date has passed with no report at all: late and missing. */
    overdue: z.array(z.object({ period: z.string(), dueOn: z.iso.date() }).strict()),
  })
  .strict();

export const ReviewQueue = z
  .object({
    plans: z.array(z.object({ countyCode: z.string(), countyName: z.string(), version: z.number().int(), level: z.enum(PLAN_REVIEW_LEVELS), submittedAt: Timestamp.optional() }).strict()),
    reports: z.array(z.object({ countyCode: z.string(), period: z.string(), revision: z.number().int(), level: z.enum(REPORT_LEVELS), late: z.boolean(), submittedAt: Timestamp.optional() }).strict()),
  })
  .strict();

/** A count that may be small enough to identify people: below 3 it is stated as `{ fewerThan: 3 }`, never the figure. */
export const MaskedCount = z.union([z.number().int().min(0), z.object({ fewerThan: z.literal(3) }).strict()]);
const StatusCounts = z.object({ 'not-started': z.number().int(), 'on-track': z.number().int(), delayed: z.number().int(), completed: z.number().int(), dropped: z.number().int() }).strict();
const IndicatorUnitRead = z.enum(['count', 'percent', 'kes', 'number', 'yes-no']);

export const CountyProgressRead = z
  .object({
    countyCode: z.string(),
    countyName: z.string(),
    planVersion: z.number().int(),
    taxonomy: z.string(),
    timeframe: z.object({ from: z.string(), to: z.string() }).strict(),
    /** The published reports the figures come from. */
    periods: z.array(z.object({ period: z.string(), dueOn: z.iso.date(), publishedAt: Timestamp }).strict()),
    /** Per pillar of the plan, per published report: non-sensitive actions by status, sensitive ones as a count only. */
    pillars: z.array(z.object({ pillarId: z.string(), periods: z.array(z.object({ period: z.string(), actions: StatusCounts, sensitiveActions: MaskedCount }).strict()) }).strict()),
    /** Each non-sensitive indicator of the published plan with its values period by period. */
    indicators: z.array(
      z
        .object({
          pillarId: z.string(),
          actionId: z.string(),
          indicatorId: z.string(),
          name: z.string(),
          unit: IndicatorUnitRead,
          frequency: z.string(),
          baseline: z.number(),
          target: z.number(),
          values: z.array(z.object({ period: z.string(), value: z.number() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();

export const COMPLETENESS_STATUSES = ['approved', 'reported', 'drafted', 'missing', 'not-due', 'no-plan', 'outside-plan'] as const;

export const NationalRollupRead = z
  .object({
    period: z.string(),
    dueOn: z.iso.date(),
    /** Every county's actions read in this taxonomy (2024 plans through the 2024 → 2016 mapping). */
    taxonomy: z.literal('nscve-2016'),
    pillars: z.array(z.object({ pillarId: z.string(), actions: StatusCounts, sensitiveActions: MaskedCount, counties: z.number().int() }).strict()),
    /** Indicators with the same code and unit: counts, KES and numbers summed; percentages and yes-no averaged over the counties reporting them. */
    indicators: z.array(z.object({ indicatorId: z.string(), unit: IndicatorUnitRead, name: z.string(), aggregation: z.enum(['sum', 'mean']), value: z.number(), counties: z.number().int() }).strict()),
    /** All 47 counties for the period. */
    completeness: z.array(z.object({ countyCode: z.string(), countyName: z.string(), status: z.enum(COMPLETENESS_STATUSES), late: z.boolean() }).strict()),
    totals: z.object({ approved: z.number().int(), reported: z.number().int(), drafted: z.number().int(), missing: z.number().int(), late: z.number().int() }).strict(),
  })
  .strict();

/** `GET /organizations`: the verified organisations the county-plans service knows (from registration's events), for a plan's lead and partners. */
export const KnownOrganizationsRead = z.object({ items: z.array(z.object({ organizationId: z.string(), name: z.string(), type: z.string() })) });
