import { z } from 'zod';
import { multiLineText, singleLineText, refuseUncleanSingleLine } from '../text';
import { CountyCodeSchema, PlanItemId } from './plan';
import { Period } from './periods';
import { SENSITIVITY_REVIEW_MISSING, SensitivityReview, SensitivityReviewBody } from './sensitivity';

/**
 * Quarterly progress reports (county-plans context): one stream per county and period,
 * `countyReport-<code>.<period>`. A period is reported once; a correction of a published report
 * is a new revision of the same report. Approval goes up three levels — county secretariat,
 * county co-chairs, NCTC — and any level can return it with a reason; only an approved report
 * is published.
 */
export const ACTION_STATUSES = ['not-started', 'on-track', 'delayed', 'completed', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ActionProgress = z
  .object({
    actionId: PlanItemId,
    status: z.enum(ACTION_STATUSES),
    /** Required when the action is delayed or dropped. */
    reason: multiLineText(5, 2000).optional(),
  })
  .strict()
  .refine((a) => !(a.status === 'delayed' || a.status === 'dropped') || a.reason !== undefined, {
    message: 'a delayed or dropped action needs the reason',
    path: ['reason'],
  });

export const IndicatorValue = z
  .object({
    indicatorId: PlanItemId,
    value: z.number(),
    /** Required when the value is off track (decided against the plan: see the report decider). */
    narrative: multiLineText(10, 4000).optional(),
  })
  .strict();

/** Evidence: a link (https) or a reference to a document held elsewhere (a file number). */
export const Evidence = z
  .object({
    title: singleLineText(3, 200),
    url: z.url({ protocol: /^https$/ }).max(2000).superRefine(refuseUncleanSingleLine).optional(),
    documentRef: singleLineText(2, 200).optional(),
  })
  .strict()
  .refine((e) => (e.url === undefined) !== (e.documentRef === undefined), { message: 'give a link (url) or a document reference (documentRef), one of the two' });

export const CountyReportContent = z
  .object({
    summary: multiLineText(0, 8000).optional(),
    actions: z.array(ActionProgress).max(2000),
    indicators: z.array(IndicatorValue).max(4000),
    evidence: z.array(Evidence).max(50).default([]),
  })
  .strict()
  .superRefine((report, ctx) => {
    const twice = (ids: string[], field: string) =>
      ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [field, i], message: `${id} is reported twice` });
      });
    twice(report.actions.map((a) => a.actionId), 'actions');
    twice(report.indicators.map((a) => a.indicatorId), 'indicators');
  });
export type CountyReportContent = z.infer<typeof CountyReportContent>;

export const REPORT_LEVELS = ['county-secretariat', 'county-co-chairs', 'nctc'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];

const reportEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({
    type: z.literal(type),
    version: z.literal(1),
    data: z.object({ countyCode: CountyCodeSchema, period: Period, revision: z.number().int().min(1), ...shape }),
  });

/** `planVersion`: the published plan version the report is against; `dueOn`: the period's due date. */
export const CountyReportDraftedV1 = reportEvent('CountyReportDrafted', { planVersion: z.number().int().min(1), dueOn: z.iso.date(), report: CountyReportContent });
export const CountyReportDraftAmendedV1 = reportEvent('CountyReportDraftAmended', { planVersion: z.number().int().min(1), report: CountyReportContent });
/** `late`: submitted after its due date (the first submission of the report counts). */
export const CountyReportSubmittedV1 = reportEvent('CountyReportSubmitted', { late: z.boolean() });
/** One level approved it and sent it to the next. */
export const CountyReportEndorsedV1 = reportEvent('CountyReportEndorsed', { level: z.enum(['county-secretariat', 'county-co-chairs']) });
export const CountyReportReturnedV1 = reportEvent('CountyReportReturned', { level: z.enum(REPORT_LEVELS), reason: z.string() });
/** The NCTC approved it (the last level). `sensitivityReview`: its review at publication, who and when (absent in events recorded before it existed). */
export const CountyReportApprovedV1 = reportEvent('CountyReportApproved', { sensitivityReview: SensitivityReview.optional() });
export const CountyReportPublishedV1 = reportEvent('CountyReportPublished', {});
/** A correction of a published report: the revision (`revision`) is drafted anew, the published one stays until it is replaced. */
export const CountyReportRevisionOpenedV1 = reportEvent('CountyReportRevisionOpened', { reason: z.string() });

export const CountyReportEvent = z.discriminatedUnion('type', [
  CountyReportDraftedV1,
  CountyReportDraftAmendedV1,
  CountyReportSubmittedV1,
  CountyReportEndorsedV1,
  CountyReportReturnedV1,
  CountyReportApprovedV1,
  CountyReportPublishedV1,
  CountyReportRevisionOpenedV1,
]);
export type CountyReportEvent = z.infer<typeof CountyReportEvent>;

export const countyReportKey = (countyCode: string, period: string): string => `${countyCode}.${period}`;
/** `countyReport-001.2026-Q1`. */
export const countyReportStreamId = (countyCode: string, period: string): string => `countyReport-${countyReportKey(countyCode, period)}`;

/** HTTP bodies. */
export const ReportLevelDecisionBody = z
  .object({ decision: z.enum(['approve', 'return']), reason: multiLineText(5, 2000).optional() })
  .strict()
  .refine((b) => b.decision !== 'return' || b.reason !== undefined, { message: 'a returned report needs the reason', path: ['reason'] });
/** The NCTC's level: approving publishes the report, so it carries the sensitivity review (ignored on a return). */
export const ReportNctcDecisionBody = z
  .object({ decision: z.enum(['approve', 'return']), reason: multiLineText(5, 2000).optional(), sensitivityReview: SensitivityReviewBody.optional() })
  .strict()
  .refine((b) => b.decision !== 'return' || b.reason !== undefined, { message: 'a returned report needs the reason', path: ['reason'] })
  .refine((b) => b.decision !== 'approve' || b.sensitivityReview !== undefined, { message: SENSITIVITY_REVIEW_MISSING, path: ['sensitivityReview'] });
export const OpenReportRevisionBody = z.object({ reason: multiLineText(5, 2000) }).strict();
