import type { Command } from '@csm/eventing';
import type { CountyCode, CountyPlanContent, CountyReportContent, CountyReportEvent, ReportLevel, SensitivityReviewBody } from '@csm/contracts';

/** One county's report for one quarter, through its revisions (corrections). */
export type ReportStatus = 'none' | 'draft' | 'submitted' | 'returned' | 'published';

export interface CountyReport {
  status: ReportStatus;
  /** The report's own revision (1, then one more per correction). */
  revision: number;
  /** Whose approval a submitted report waits for. */
  level?: ReportLevel;
  dueOn?: string;
  /** Lateness is decided once, at the first submission of the report. */
  late?: boolean;
  report?: CountyReportContent;
  planVersion?: number;
}

/** The county's published plan, as the service's read model has it when the command is sent. */
export interface PublishedPlanFacts {
  version: number;
  plan: CountyPlanContent;
}

type ReportCommand_<T extends string, D> = Command<T, { countyCode: CountyCode; period: string } & D>;

export type DraftCountyReport = ReportCommand_<'DraftCountyReport', { report: CountyReportContent; publishedPlan?: PublishedPlanFacts }>;
export type AmendCountyReportDraft = ReportCommand_<'AmendCountyReportDraft', { report: CountyReportContent; publishedPlan?: PublishedPlanFacts }>;
export type SubmitCountyReport = ReportCommand_<'SubmitCountyReport', Record<never, never>>;
/**
 * One approval level's decision: approve (to the next level; at the NCTC, approve and publish,
 * with the sensitivity review) or return with a reason.
 */
export type DecideCountyReportAtLevel = ReportCommand_<'DecideCountyReportAtLevel', { level: ReportLevel; decision: 'approve' | 'return'; reason?: string; sensitivityReview?: SensitivityReviewBody }>;
export type OpenCountyReportRevision = ReportCommand_<'OpenCountyReportRevision', { reason: string }>;

export type CountyReportCommand = DraftCountyReport | AmendCountyReportDraft | SubmitCountyReport | DecideCountyReportAtLevel | OpenCountyReportRevision;

export type { CountyReportEvent };
