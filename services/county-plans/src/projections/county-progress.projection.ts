import { applyOnce, type Projection, type RecordedEvent, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import {
  ACTION_STATUSES,
  COUNTY_CODES,
  countyName,
  mapPillar,
  periodsBetween,
  planActions,
  type ActionStatus,
  type CountyPlanContent,
  type CountyPlanEvent,
  type CountyReportContent,
  type CountyReportEvent,
  type IndicatorUnit,
} from '@csm/contracts';

/**
 * What the public and the NCTC see of the counties' progress, computed as events arrive:
 * a county's progress (`countyProgress`, one document per county) and the national roll-up
 * (`countyRollup`, one document). Both fold the same per-county facts (`CountyFacts`): the plan
 * versions, which one is published, and each quarter's report (working and published). A
 * county's facts change only with its own streams, and each part of them only with one stream,
 * so the fold does not depend on the order of events across streams (Kafka partitions).
 *
 * Do no harm: a sensitive action is never named nor given a status here; it is only counted,
 * and a count below 3 is `{ fewerThan: 3 }`. Sensitive actions' indicators are left out.
 * What depends on today (missing, late while not submitted) is decided on read from `dueOn`.
 */
export const SMALL_COUNT = 3;
export type MaskedCount = number | { fewerThan: typeof SMALL_COUNT };
export const masked = (n: number): MaskedCount => (n > 0 && n < SMALL_COUNT ? { fewerThan: SMALL_COUNT } : n);

/** What the figures need of a report: statuses and values (no narrative, reason, evidence: the one roll-up document stays small). */
interface ReportFigures {
  actions: { actionId: string; status: ActionStatus }[];
  indicators: { indicatorId: string; value: number }[];
}
const figuresOf = (report: CountyReportContent): ReportFigures => ({
  actions: report.actions.map(({ actionId, status }) => ({ actionId, status })),
  indicators: report.indicators.map(({ indicatorId, value }) => ({ indicatorId, value })),
});

interface ReportFacts {
  dueOn: string;
  /** Decided at the first submission. */
  submittedLate?: boolean;
  submitted: boolean;
  planVersion: number;
  report: ReportFigures;
  published?: { planVersion: number; report: ReportFigures; publishedAt: string };
}

export interface CountyFacts {
  countyCode: string;
  /** Plan content by version (as text: Mongo keys). */
  versions: Record<string, CountyPlanContent>;
  publishedVersion?: number;
  reports: Record<string, ReportFacts>;
}

type StatusCounts = Record<ActionStatus, number>;
const noStatuses = (): StatusCounts => Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as StatusCounts;

export interface PillarPeriodProgress {
  period: string;
  /** Non-sensitive actions by their reported status. */
  actions: StatusCounts;
  /** Sensitive actions of the pillar in that report's plan: a count only. */
  sensitiveActions: MaskedCount;
}

/** What `GET /counties/:code/progress` reads, whole: the facts it is folded from are kept beside it (`countyProgressFacts`). */
export interface CountyProgressView extends Tracked {
  _id: string;
  countyCode: string;
  countyName: string;
  progress?: {
    planVersion: number;
    taxonomy: string;
    timeframe: { from: string; to: string };
    periods: { period: string; dueOn: string; publishedAt: string }[];
    pillars: { pillarId: string; periods: PillarPeriodProgress[] }[];
    indicators: {
      pillarId: string;
      actionId: string;
      indicatorId: string;
      name: string;
      unit: IndicatorUnit;
      frequency: string;
      baseline: number;
      target: number;
      values: { period: string; value: number }[];
    }[];
  };
}

/** The taxonomy every county reads in, in the roll-up: 2024 plans map onto it through `mapPillar`. */
export const ROLLUP_TAXONOMY = 'nscve-2016' as const;

export interface RollupIndicator {
  /** Same indicator: the same `indicatorId` (the plan's code) and the same unit (decided here). */
  indicatorId: string;
  unit: IndicatorUnit;
  name: string;
  /** `count`, `kes`, `number`: summed; `percent`, `yes-no`: averaged over the counties reporting it (yes-no: the share answering yes). */
  aggregation: 'sum' | 'mean';
  value: number;
  counties: number;
}

export interface RollupPeriodView {
  period: string;
  pillars: { pillarId: string; actions: StatusCounts; sensitiveActions: MaskedCount; counties: number }[];
  indicators: RollupIndicator[];
}

/** What completeness needs of a county: its published plan's timeframe and each report's stage (small: the roll-up's one document holds 47 of them). */
export interface CountyReporting {
  plan?: { from: string; to: string };
  reports: Record<string, { dueOn: string; submitted: boolean; submittedLate?: boolean; published: boolean }>;
}

/** The counties' reporting (one small document, `national`), read whole by `GET /rollup` beside the quarter's figures. */
export interface CountyRollupView extends Tracked {
  _id: string;
  reporting: Record<string, CountyReporting>;
}

/** One quarter of the national roll-up (one document per quarter, `_id` the quarter). */
export interface CountyRollupPeriodView extends Tracked, RollupPeriodView {
  _id: string;
}

/** A projection's own copy of a county's facts (one document per county), kept apart from the documents the routes read whole. */
export interface CountyFactsView extends Tracked {
  _id: string;
  facts: CountyFacts;
}

/** What one county's published report adds to the roll-up of its quarter. */
export interface CountyFigures {
  countyCode: string;
  period: string;
  pillars: { pillarId: string; actions: StatusCounts; sensitive: number }[];
  indicators: { indicatorId: string; unit: IndicatorUnit; name: string; value: number }[];
}

/** The same, one document per county and quarter. */
export interface CountyRollupFiguresView extends Tracked, CountyFigures {
  _id: string;
}

export const COUNTY_PROGRESS = 'countyProgress';
export const COUNTY_PROGRESS_FACTS = 'countyProgressFacts';
export const COUNTY_ROLLUP = 'countyRollup';
export const COUNTY_ROLLUP_COUNTIES = 'countyRollupCounties';
export const COUNTY_ROLLUP_FIGURES = 'countyRollupFigures';
export const COUNTY_ROLLUP_PERIODS = 'countyRollupPeriods';
export const NATIONAL = 'national';

const emptyFacts = (countyCode: string): CountyFacts => ({ countyCode, versions: {}, reports: {} });

export const evolveFacts = (facts: CountyFacts, event: CountyPlanEvent | CountyReportEvent, at: string): CountyFacts => {
  switch (event.type) {
    case 'CountyPlanDrafted':
    case 'CountyPlanDraftAmended':
      return { ...facts, versions: { ...facts.versions, [String(event.data.version)]: event.data.plan } };
    case 'CountyPlanPublished':
      return { ...facts, publishedVersion: event.data.version };
    case 'CountyPlanSubmitted':
    case 'CountyPlanEndorsed':
    case 'CountyPlanReturned':
    case 'CountyPlanApproved':
      return facts;
    default:
      break;
  }
  const period = event.data.period;
  const current = facts.reports[period];
  const put = (next: ReportFacts | undefined): CountyFacts => (next ? { ...facts, reports: { ...facts.reports, [period]: next } } : facts);
  switch (event.type) {
    case 'CountyReportDrafted':
      return put({ dueOn: event.data.dueOn, submitted: false, planVersion: event.data.planVersion, report: figuresOf(event.data.report) });
    case 'CountyReportDraftAmended':
      return put(current && { ...current, planVersion: event.data.planVersion, report: figuresOf(event.data.report) });
    case 'CountyReportSubmitted':
      return put(current && { ...current, submitted: true, submittedLate: current.submittedLate ?? event.data.late });
    case 'CountyReportPublished':
      return put(current && { ...current, published: { planVersion: current.planVersion, report: current.report, publishedAt: at } });
    default:
      return facts;
  }
};

const publishedReports = (facts: CountyFacts) =>
  Object.entries(facts.reports)
    .filter(([, r]) => r.published && facts.versions[String(r.published.planVersion)])
    .map(([period, r]) => ({ period, dueOn: r.dueOn, published: r.published!, plan: facts.versions[String(r.published!.planVersion)]! }))
    .sort((a, b) => a.period.localeCompare(b.period));

/** Per pillar of a report's plan (mapped through `pillarOf`): non-sensitive actions by status, and the number of sensitive ones. */
const pillarCounts = (plan: CountyPlanContent, report: ReportFigures, pillarOf: (pillarId: string) => string | undefined) => {
  const statuses = new Map(report.actions.map((a) => [a.actionId, a.status]));
  const out = new Map<string, { actions: StatusCounts; sensitive: number }>();
  for (const { pillarId, action } of planActions(plan)) {
    const pillar = pillarOf(pillarId);
    if (pillar === undefined) continue;
    const entry = out.get(pillar) ?? { actions: noStatuses(), sensitive: 0 };
    const status = statuses.get(action.id);
    if (action.sensitive) entry.sensitive += 1;
    else if (status) entry.actions[status] += 1;
    out.set(pillar, entry);
  }
  return out;
};

export const countyProgressOf = (facts: CountyFacts): CountyProgressView['progress'] => {
  if (facts.publishedVersion === undefined) return undefined;
  const plan = facts.versions[String(facts.publishedVersion)];
  if (!plan) return undefined;
  const reports = publishedReports(facts);
  const pillars = new Map<string, PillarPeriodProgress[]>(plan.pillars.map((p) => [p.pillarId, []]));
  for (const r of reports) {
    for (const [pillarId, counts] of pillarCounts(r.plan, r.published.report, (id) => id)) {
      if (!pillars.has(pillarId)) pillars.set(pillarId, []);
      pillars.get(pillarId)!.push({ period: r.period, actions: counts.actions, sensitiveActions: masked(counts.sensitive) });
    }
  }
  const indicators = planActions(plan)
    .filter(({ action }) => !action.sensitive)
    .flatMap(({ pillarId, action }) =>
      action.indicators.map((indicator) => ({
        pillarId,
        actionId: action.id,
        indicatorId: indicator.id,
        name: indicator.name,
        unit: indicator.unit,
        frequency: indicator.frequency,
        baseline: indicator.baseline,
        target: indicator.target,
        values: reports.flatMap((r) => {
          // A value counts only where the report's plan has the indicator, not sensitive there either.
          const sensitiveThere = planActions(r.plan).some(({ action: a }) => a.sensitive && a.indicators.some((i) => i.id === indicator.id));
          const value = r.published.report.indicators.find((v) => v.indicatorId === indicator.id);
          return value && !sensitiveThere ? [{ period: r.period, value: value.value }] : [];
        }),
      })),
    );
  return {
    planVersion: facts.publishedVersion,
    taxonomy: plan.taxonomy,
    timeframe: plan.timeframe,
    periods: reports.map((r) => ({ period: r.period, dueOn: r.dueOn, publishedAt: r.published.publishedAt })),
    pillars: [...pillars].map(([pillarId, periods]) => ({ pillarId, periods })),
    indicators,
  };
};

/** A county pillar rolls up to the pillar it names (none: left out); a 2024 pillar through the 2024 → 2016 mapping. */
export const rollupPillar = (plan: CountyPlanContent) => (pillarId: string): string | undefined => {
  const own = plan.countyPillars.find((p) => p.id === pillarId);
  const standard = own ? own.mapsTo : pillarId;
  return standard === undefined ? undefined : mapPillar(plan.taxonomy, standard, ROLLUP_TAXONOMY);
};

const MEAN_UNITS: ReadonlySet<IndicatorUnit> = new Set(['percent', 'yes-no']);

/** What a county's published report of each quarter adds to the roll-up (pillars mapped to 2016, sensitive actions only counted). */
export const countyFigures = (facts: CountyFacts): CountyFigures[] =>
  publishedReports(facts).map((r) => {
    const values = new Map(r.published.report.indicators.map((v) => [v.indicatorId, v.value]));
    return {
      countyCode: facts.countyCode,
      period: r.period,
      pillars: [...pillarCounts(r.plan, r.published.report, rollupPillar(r.plan))].map(([pillarId, counts]) => ({ pillarId, actions: counts.actions, sensitive: counts.sensitive })),
      indicators: planActions(r.plan)
        .filter(({ action }) => !action.sensitive)
        .flatMap(({ action }) => action.indicators.flatMap((indicator) => (values.has(indicator.id) ? [{ indicatorId: indicator.id, unit: indicator.unit, name: indicator.name, value: values.get(indicator.id)! }] : []))),
    };
  });

/** One quarter of the national roll-up from the counties' figures, folded in county order (so a shared indicator is named as the first county names it). */
export const rollupPeriodOf = (period: string, figures: CountyFigures[]): RollupPeriodView => {
  const pillars = new Map<string, { actions: StatusCounts; sensitive: number; counties: number }>();
  const indicators = new Map<string, { indicatorId: string; unit: IndicatorUnit; name: string; values: number[] }>();
  for (const county of [...figures].sort((a, b) => a.countyCode.localeCompare(b.countyCode))) {
    for (const { pillarId, actions, sensitive } of county.pillars) {
      const entry = pillars.get(pillarId) ?? { actions: noStatuses(), sensitive: 0, counties: 0 };
      for (const s of ACTION_STATUSES) entry.actions[s] += actions[s];
      entry.sensitive += sensitive;
      entry.counties += 1;
      pillars.set(pillarId, entry);
    }
    for (const { indicatorId, unit, name, value } of county.indicators) {
      const key = `${unit}:${indicatorId}`;
      const entry = indicators.get(key) ?? { indicatorId, unit, name, values: [] };
      entry.values.push(value);
      indicators.set(key, entry);
    }
  }
  return {
    period,
    pillars: [...pillars].sort(([a], [b]) => a.localeCompare(b)).map(([pillarId, e]) => ({ pillarId, actions: e.actions, sensitiveActions: masked(e.sensitive), counties: e.counties })),
    indicators: [...indicators.values()]
      .sort((a, b) => a.indicatorId.localeCompare(b.indicatorId) || a.unit.localeCompare(b.unit))
      .map((e) => {
        const sum = e.values.reduce((total, v) => total + v, 0);
        const mean = MEAN_UNITS.has(e.unit);
        return { indicatorId: e.indicatorId, unit: e.unit, name: e.name, aggregation: mean ? 'mean' : 'sum', value: mean ? Math.round((sum / e.values.length) * 100) / 100 : sum, counties: e.values.length };
      }),
  };
};

/** The national roll-up of every quarter from the counties' facts (what the projection keeps, computed at once). */
export const rollupPeriods = (counties: Record<string, CountyFacts>): Record<string, RollupPeriodView> => {
  const figures = Object.values(counties).flatMap(countyFigures);
  const periods = [...new Set(figures.map((f) => f.period))].sort();
  return Object.fromEntries(periods.map((period) => [period, rollupPeriodOf(period, figures.filter((f) => f.period === period))]));
};

/** What completeness needs of a county's facts. */
export const reportingOf = (facts: CountyFacts): CountyReporting => {
  const plan = facts.publishedVersion !== undefined ? facts.versions[String(facts.publishedVersion)] : undefined;
  return {
    ...(plan ? { plan: { from: plan.timeframe.from, to: plan.timeframe.to } } : {}),
    reports: Object.fromEntries(
      Object.entries(facts.reports).map(([period, r]) => [period, { dueOn: r.dueOn, submitted: r.submitted, ...(r.submittedLate !== undefined ? { submittedLate: r.submittedLate } : {}), published: r.published !== undefined }]),
    ),
  };
};

export type CompletenessStatus = 'approved' | 'reported' | 'drafted' | 'missing' | 'not-due' | 'no-plan' | 'outside-plan';

/** One county's reporting for one period, as of `day` (what depends on today is decided here, on read). */
export const completeness = (facts: CountyFacts | undefined, period: string, dueOn: string, day: string): { status: CompletenessStatus; late: boolean } =>
  completenessOf(facts && reportingOf(facts), period, dueOn, day);

/** The same from the roll-up's summary of a county (`GET /rollup`). */
export const completenessOf = (reporting: CountyReporting | undefined, period: string, dueOn: string, day: string): { status: CompletenessStatus; late: boolean } => {
  const plan = reporting?.plan;
  const report = reporting?.reports[period];
  if (report) {
    const status: CompletenessStatus = report.published ? 'approved' : report.submitted ? 'reported' : 'drafted';
    return { status, late: report.submittedLate ?? day > report.dueOn };
  }
  if (!plan) return { status: 'no-plan', late: false };
  if (!periodsBetween(plan.from, plan.to).includes(period)) return { status: 'outside-plan', late: false };
  return day > dueOn ? { status: 'missing', late: true } : { status: 'not-due', late: false };
};

export const ALL_COUNTIES: readonly string[] = COUNTY_CODES;

const EVENT_TYPES = [
  'CountyPlanDrafted',
  'CountyPlanDraftAmended',
  'CountyPlanPublished',
  'CountyReportDrafted',
  'CountyReportDraftAmended',
  'CountyReportSubmitted',
  'CountyReportPublished',
];

const eventOf = (recorded: RecordedEvent) => ({ type: recorded.type, version: recorded.version, data: recorded.data }) as CountyPlanEvent | CountyReportEvent;

/** Folds the event into the county's facts in `collection` (once), and answers the facts as they now are. */
const foldCountyFacts = async (collection: Collection<CountyFactsView>, code: string, recorded: RecordedEvent, event: CountyPlanEvent | CountyReportEvent): Promise<CountyFacts> => {
  await applyOnce(collection, code, recorded, (current) => ({ _id: code, facts: evolveFacts(current?.facts ?? emptyFacts(code), event, recorded.metadata.occurredAt) }));
  return (await collection.findOne({ _id: code }))?.facts ?? emptyFacts(code);
};

export const countyProgressProjection: Projection = {
  name: 'county-plans.progress',
  eventTypes: EVENT_TYPES,
  apply: async (recorded, readModels) => {
    const event = eventOf(recorded);
    const code = event.data.countyCode;
    const facts = await foldCountyFacts(readModels.collection(COUNTY_PROGRESS_FACTS), code, recorded, event);
    const collection: Collection<CountyProgressView> = readModels.collection(COUNTY_PROGRESS);
    await applyOnce(collection, code, recorded, () => {
      const progress = countyProgressOf(facts);
      return { _id: code, countyCode: code, countyName: countyName(code) ?? code, ...(progress ? { progress } : {}) };
    });
  },
};

/**
 * The roll-up in three steps, each applied once per document (a redelivered event redoes only
 * what it had not done): the county's facts (its own document); the figures its published
 * reports add to each quarter (one document per county and quarter, rewritten when a report is
 * published or a plan version's content arrives, whatever the order); the quarters whose figures
 * changed, each folded from the counties' figures of that quarter (one document per quarter); and
 * every county's reporting summary (the `national` document). No step reads more than one quarter
 * of the country, so an event costs the same with 47 plans of 200 actions and 8 quarters loaded
 * as with one, and `GET /rollup` reads two small documents.
 */
export const countyRollupProjection: Projection = {
  name: 'county-plans.rollup',
  eventTypes: EVENT_TYPES,
  apply: async (recorded, readModels) => {
    const event = eventOf(recorded);
    const code = event.data.countyCode;
    const figuresOfPeriods: Collection<CountyRollupFiguresView> = readModels.collection(COUNTY_ROLLUP_FIGURES);
    const national: Collection<CountyRollupView> = readModels.collection(COUNTY_ROLLUP);
    const facts = await foldCountyFacts(readModels.collection(COUNTY_ROLLUP_COUNTIES), code, recorded, event);
    const figures = countyFigures(facts);
    const changed =
      event.type === 'CountyReportPublished' ? figures.filter((f) => f.period === event.data.period) : event.type === 'CountyPlanDrafted' || event.type === 'CountyPlanDraftAmended' ? figures : [];
    for (const f of changed) await applyOnce(figuresOfPeriods, `${code}.${f.period}`, recorded, () => ({ _id: `${code}.${f.period}`, ...f }));
    const periods: Collection<CountyRollupPeriodView> = readModels.collection(COUNTY_ROLLUP_PERIODS);
    for (const { period } of changed) {
      const figures = await figuresOfPeriods.find({ period }, { projection: HIDDEN_TRACKING });
      await applyOnce(periods, period, recorded, () => ({ _id: period, ...rollupPeriodOf(period, figures) }));
    }
    await applyOnce(national, NATIONAL, recorded, (current) => ({ _id: NATIONAL, reporting: { ...(current?.reporting ?? {}), [code]: reportingOf(facts) } }));
  },
};

const HIDDEN_TRACKING = { _applied: 0 } as const;
