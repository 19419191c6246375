import type { z } from 'zod';
import { COUNTIES, periodIndex, periodAt, type CountyPlanContent, type CountyProgressRead, type CountyTraceRead, type NationalRollupRead } from '@csm/contracts';

/**
 * The county-plans API's answers, as far as these pages read them (the shapes are the service's
 * `CountyPlanRead`, `CountyReportRead`/`PublishedReportRead` and `ReviewQueue`).
 */
export interface PlanVersion {
  version: number;
  status: string;
  plan: CountyPlanContent;
  draftedAt: string;
  submittedAt?: string;
  publishedAt?: string;
  returns: { level: string; reasons: string[]; at: string }[];
}

export interface CountyPlan {
  countyCode: string;
  countyName: string;
  publishedVersion?: number;
  pending?: { version: number; level: string };
  versions: PlanVersion[];
}

export interface ReportContent {
  summary?: string;
  actions: { actionId: string; status: string; reason?: string }[];
  indicators: { indicatorId: string; value: number; narrative?: string }[];
  evidence: { title: string; url?: string; documentRef?: string }[];
}

/** A report as its county's people, the NCTC and auditors read it (staff) or as the public does (published only). */
export interface CountyReport {
  countyCode: string;
  period: string;
  dueOn: string;
  late: boolean;
  revision: number;
  status?: string;
  level?: string;
  planVersion: number;
  report: ReportContent;
  submittedAt?: string;
  returns?: { level: string; reason: string; revision: number; at: string }[];
  publishedAt?: string;
}

export interface ReviewQueue {
  plans: { countyCode: string; countyName: string; version: number; level: string; submittedAt?: string }[];
  reports: { countyCode: string; period: string; revision: number; level: string; late: boolean; submittedAt?: string }[];
}

export const ACTION_STATUSES = ['not-started', 'on-track', 'delayed', 'completed', 'dropped'] as const;
/** The statuses that need their reason (the service's rule; the form says so beside the field). */
export const NEEDS_REASON: ReadonlySet<string> = new Set(['delayed', 'dropped']);

export const countyNameOf = (code: string): string | undefined => COUNTIES.find((c) => c.code === code)?.name;

/** Every action of a plan, with the pillar and priority it sits in. */
export const actionsOf = (plan: CountyPlanContent) =>
  plan.pillars.flatMap((pillar) => pillar.priorities.flatMap((priority) => priority.actions.map((action) => ({ pillarId: pillar.pillarId, priority, action }))));

/**
 * The indicators a report of `period` must give a value for: those due that quarter (quarterly
 * every quarter, semi-annual Q2 and Q4, annual Q4) of actions begun by then — the service's rule,
 * repeated here only to know which fields to offer; the service still checks.
 */
export const dueIndicators = (plan: CountyPlanContent, period: string) => {
  const quarter = Number(period.slice(-1));
  const due = (frequency: string) => frequency === 'quarterly' || (frequency === 'semi-annual' && (quarter === 2 || quarter === 4)) || quarter === 4;
  return actionsOf(plan).flatMap(({ action }) =>
    periodIndex(action.timeframe.from) <= periodIndex(period) ? action.indicators.filter((i) => due(i.frequency)).map((indicator) => ({ action, indicator })) : [],
  );
};

/** The quarter today falls in. */
export const currentPeriod = (now = new Date()): string => `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;

/** Quarters of the plan that have started and have no report yet, most recent first (at most four: older ones are listed as overdue by the service). */
export const periodsToReport = (plan: CountyPlanContent, reported: ReadonlySet<string>, now = new Date()): string[] => {
  const last = Math.min(periodIndex(currentPeriod(now)), periodIndex(plan.timeframe.to));
  const out: string[] = [];
  for (let i = last; i >= periodIndex(plan.timeframe.from) && out.length < 4; i--) if (!reported.has(periodAt(i))) out.push(periodAt(i));
  return out;
};

/** A pillar's name: the county's own pillar by its name, the NSCVE's by our message. */
export const pillarLabel = (plan: CountyPlanContent, pillarId: string, t: (key: string) => string): string =>
  plan.countyPillars.find((p) => p.id === pillarId)?.name ?? t(`pillar.${pillarId}`);

/** A published report's actions counted by status within each pillar of the plan version it reports on. */
export const progressByPillar = (plan: CountyPlanContent, report: ReportContent) => {
  const statusOf = new Map(report.actions.map((a) => [a.actionId, a.status]));
  return plan.pillars.map((pillar) => {
    const counts = new Map<string, number>();
    for (const priority of pillar.priorities)
      for (const action of priority.actions) {
        const status = statusOf.get(action.id);
        if (status) counts.set(status, (counts.get(status) ?? 0) + 1);
      }
    return { pillarId: pillar.pillarId, counts: ACTION_STATUSES.filter((s) => counts.has(s)).map((status) => ({ status, count: counts.get(status)! })) };
  });
};

/** The county-plans API's `CountyProgressRead` and `NationalRollupRead`, as these pages read them. */
export type CountyProgress = z.infer<typeof CountyProgressRead>;
/** The trace on the county page: pillar → action → calls → awards → indicators (`GET /counties/:code/trace`). */
export type CountyTrace = z.infer<typeof CountyTraceRead>;
export type NationalRollup = z.infer<typeof NationalRollupRead>;
export type ProgressIndicator = CountyProgress['indicators'][number];

/**
 * A small line of an indicator's values over the quarters, drawn on the server (no script):
 * the values as points between the lower and the higher of baseline and target (and of the
 * values), with the target as a dashed line. Decoration beside the table, which carries the
 * figures: `undefined` with fewer than two values.
 */
export const sparkline = (indicator: Pick<ProgressIndicator, 'baseline' | 'target' | 'values'>): { width: number; height: number; points: string; targetY: number } | undefined => {
  if (indicator.values.length < 2) return undefined;
  const width = 120;
  const height = 32;
  const all = [indicator.baseline, indicator.target, ...indicator.values.map((v) => v.value)];
  const low = Math.min(...all);
  const high = Math.max(...all);
  const y = (value: number) => (high === low ? height / 2 : Math.round((height - 2 - ((value - low) / (high - low)) * (height - 4)) * 10) / 10);
  const step = (width - 4) / (indicator.values.length - 1);
  const points = indicator.values.map((v, i) => `${Math.round((2 + i * step) * 10) / 10},${y(v.value)}`).join(' ');
  return { width, height, points, targetY: y(indicator.target) };
};
