import { DomainError, type Decider } from '@csm/eventing';
import { periodIndex, periodStart, recordedSensitivityReview, reportDueOn, type ReportLevel } from '@csm/contracts';
import type { CountyReport, CountyReportCommand, CountyReportEvent, PublishedPlanFacts, ReportStatus } from './county-report';
import { validateReport } from './report-validation';
import { requireSensitivityReview } from './sensitivity-review';

export const initialState = (): CountyReport => ({ status: 'none', revision: 0 });

const NEXT_LEVEL: Record<ReportLevel, ReportLevel | 'approved'> = {
  'county-secretariat': 'county-co-chairs',
  'county-co-chairs': 'nctc',
  nctc: 'approved',
};

const requireStatus = (state: CountyReport, allowed: ReportStatus[], action: string): void => {
  if (state.status === 'none') throw new DomainError('county-report.not-found', 'No report for this county and period', 'not-found');
  if (!allowed.includes(state.status)) throw new DomainError(`county-report.not-${allowed[0]}`, `Cannot ${action}: the report is ${state.status}`);
};

const requirePlan = (plan: PublishedPlanFacts | undefined, period: string): PublishedPlanFacts => {
  if (!plan) throw new DomainError('county-report.no-published-plan', 'The county has no published plan to report on');
  const { from, to } = plan.plan.timeframe;
  if (periodIndex(period) < periodIndex(from) || periodIndex(period) > periodIndex(to)) {
    throw new DomainError('county-report.period-outside-plan', `${period} is outside the published plan's timeframe (${from} to ${to})`, 'invalid');
  }
  return plan;
};

/**
 * The rules of a quarterly report: reported once per period (corrections are revisions),
 * checked against the published plan, approved level by level, published only once the NCTC
 * approves. Time comes from the command.
 */
export const decide = (command: CountyReportCommand, state: CountyReport): CountyReportEvent[] => {
  const { countyCode, period } = command.data;
  const now = command.metadata.now;
  switch (command.type) {
    case 'DraftCountyReport': {
      if (state.status !== 'none') throw new DomainError('county-report.already-exists', `${period} is reported once; correct a published report by opening a revision`);
      const plan = requirePlan(command.data.publishedPlan, period);
      if (now.slice(0, 10) < periodStart(period)) throw new DomainError('county-report.period-not-started', `${period} has not started yet`, 'invalid');
      validateReport(command.data.report, plan.plan, period);
      return [{ type: 'CountyReportDrafted', version: 1, data: { countyCode, period, revision: 1, planVersion: plan.version, dueOn: reportDueOn(period), report: command.data.report } }];
    }
    case 'AmendCountyReportDraft': {
      requireStatus(state, ['draft', 'returned'], 'amend');
      const plan = requirePlan(command.data.publishedPlan, period);
      validateReport(command.data.report, plan.plan, period);
      return [{ type: 'CountyReportDraftAmended', version: 1, data: { countyCode, period, revision: state.revision, planVersion: plan.version, report: command.data.report } }];
    }
    case 'SubmitCountyReport': {
      requireStatus(state, ['draft', 'returned'], 'submit');
      const late = state.late ?? now.slice(0, 10) > state.dueOn!;
      return [{ type: 'CountyReportSubmitted', version: 1, data: { countyCode, period, revision: state.revision, late } }];
    }
    case 'DecideCountyReportAtLevel': {
      const { level, decision, reason } = command.data;
      requireStatus(state, ['submitted'], 'decide');
      if (state.level !== level) throw new DomainError('county-report.not-at-level', `The report waits for the ${state.level}, not the ${level}`);
      const revision = state.revision;
      if (decision === 'return') return [{ type: 'CountyReportReturned', version: 1, data: { countyCode, period, revision, level, reason: reason ?? '' } }];
      if (level === 'nctc') {
        const sensitivityReview = recordedSensitivityReview(requireSensitivityReview(command.data.sensitivityReview), command.metadata.actor.subject, now);
        return [
          { type: 'CountyReportApproved', version: 1, data: { countyCode, period, revision, sensitivityReview } },
          { type: 'CountyReportPublished', version: 1, data: { countyCode, period, revision } },
        ];
      }
      return [{ type: 'CountyReportEndorsed', version: 1, data: { countyCode, period, revision, level } }];
    }
    case 'OpenCountyReportRevision':
      requireStatus(state, ['published'], 'open a revision');
      return [{ type: 'CountyReportRevisionOpened', version: 1, data: { countyCode, period, revision: state.revision + 1, reason: command.data.reason } }];
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
};

export const evolve = (state: CountyReport, event: CountyReportEvent): CountyReport => {
  switch (event.type) {
    case 'CountyReportDrafted':
      return { status: 'draft', revision: event.data.revision, dueOn: event.data.dueOn, report: event.data.report, planVersion: event.data.planVersion };
    case 'CountyReportDraftAmended':
      return { ...state, report: event.data.report, planVersion: event.data.planVersion };
    case 'CountyReportSubmitted':
      return { ...state, status: 'submitted', level: 'county-secretariat', late: state.late ?? event.data.late };
    case 'CountyReportEndorsed': {
      const next = NEXT_LEVEL[event.data.level];
      return next === 'approved' ? state : { ...state, level: next };
    }
    case 'CountyReportReturned': {
      const { level: _level, ...rest } = state;
      return { ...rest, status: 'returned' };
    }
    case 'CountyReportApproved':
      return state;
    case 'CountyReportPublished': {
      const { level: _level, ...rest } = state;
      return { ...rest, status: 'published' };
    }
    case 'CountyReportRevisionOpened':
      return { ...state, status: 'draft', revision: event.data.revision };
    default: {
      const _unknown: never = event;
      return state;
    }
  }
};

export const countyReportDecider: Decider<CountyReportCommand, CountyReportEvent, CountyReport> = { decide, evolve, initialState };
