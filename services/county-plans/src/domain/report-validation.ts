import { DomainError } from '@csm/eventing';
import { indicatorValueProblem, periodIndex, planActions, type CountyPlanContent, type CountyReportContent, type Indicator } from '@csm/contracts';

/**
 * A report checked against the plan it reports on. Rules (the issue names them; the details are
 * decided here):
 * - every action of the plan has a status, and nothing outside the plan is reported;
 * - every indicator due in the period, of an action begun by then, has a value (quarterly: every quarter; semi-annual: Q2 and
 *   Q4; annual: Q4), other indicators may have one; each value is a value of its unit, within its range when the plan gives one;
 * - a value off track needs a narrative. Off track: behind the straight line from the baseline
 *   at the start of its action's timeframe to the target at its end, at the end of the period.
 */
const invalid = (code: string, message: string) => new DomainError(`county-report.${code}`, message, 'invalid');

const dueIn = (frequency: Indicator['frequency'], period: string): boolean => {
  const quarter = Number(period.slice(-1));
  if (frequency === 'quarterly') return true;
  if (frequency === 'semi-annual') return quarter === 2 || quarter === 4;
  return quarter === 4;
};

/** The share of the way from baseline to target the straight line has reached by the end of `period`. */
export const expectedShare = (timeframe: { from: string; to: string }, period: string): number => {
  const quarters = periodIndex(timeframe.to) - periodIndex(timeframe.from) + 1;
  const done = periodIndex(period) - periodIndex(timeframe.from) + 1;
  return Math.min(1, Math.max(0, done / quarters));
};

export const isOffTrack = (indicator: Pick<Indicator, 'baseline' | 'target'>, timeframe: { from: string; to: string }, period: string, value: number): boolean => {
  const distance = indicator.target - indicator.baseline;
  if (distance === 0) return value !== indicator.target;
  // Progress measured towards the target, whichever way it lies (a target below the baseline counts down).
  const share = (value - indicator.baseline) / distance;
  return share < expectedShare(timeframe, period) - 1e-9;
};

export const validateReport = (report: CountyReportContent, plan: CountyPlanContent, period: string): void => {
  const actions = planActions(plan);
  const actionIds = new Set(actions.map((a) => a.action.id));
  const indicators = new Map(actions.flatMap(({ action }) => action.indicators.map((indicator) => [indicator.id, { indicator, timeframe: action.timeframe }] as const)));
  for (const progress of report.actions) {
    if (!actionIds.has(progress.actionId)) throw invalid('unknown-action', `Action ${progress.actionId} is not in the county's published plan`);
  }
  const reported = new Set(report.actions.map((a) => a.actionId));
  const missing = [...actionIds].filter((id) => !reported.has(id));
  if (missing.length > 0) throw invalid('action-missing', `Give the status of every action of the plan: missing ${missing.join(', ')}`);
  for (const value of report.indicators) {
    const known = indicators.get(value.indicatorId);
    if (!known) throw invalid('unknown-indicator', `Indicator ${value.indicatorId} is not in the county's published plan`);
    const problem = indicatorValueProblem(known.indicator, value.value);
    if (problem) throw invalid('value-out-of-range', `Indicator ${value.indicatorId}: the value ${problem}`);
    if (value.narrative === undefined && isOffTrack(known.indicator, known.timeframe, period, value.value)) {
      throw invalid('narrative-required', `Indicator ${value.indicatorId} is off track (behind the line from baseline to target): explain why in a narrative`);
    }
  }
  const valued = new Set(report.indicators.map((v) => v.indicatorId));
  const started = (timeframe: { from: string }) => periodIndex(timeframe.from) <= periodIndex(period);
  const due = [...indicators.values()]
    .filter(({ indicator, timeframe }) => started(timeframe) && dueIn(indicator.frequency, period) && !valued.has(indicator.id)).map(({ indicator }) => indicator.id);
  if (due.length > 0) throw invalid('indicator-missing', `Give the value of every indicator due in ${period}: missing ${due.join(', ')}`);
};
