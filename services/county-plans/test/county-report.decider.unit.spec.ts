import type { CountyReportEvent } from '@csm/contracts';
import { deciderSpec } from '@csm/eventing/testkit';
import { countyReportDecider } from '../src/domain/county-report.decider';
import type { CountyReportCommand } from '../src/domain/county-report';
import { at, plan, report } from './builders';

const { given } = deciderSpec(countyReportDecider);
const countyCode = '001' as const;
const period = '2025-Q4';
const ON_TIME = '2026-01-20T09:00:00.000Z';
const LATE = '2026-02-15T09:00:00.000Z';
const publishedPlan = { version: 1, plan: plan() };
const cmd = (type: CountyReportCommand['type'], data: object = {}, now = ON_TIME) =>
  ({ type, data: { countyCode, period, ...data }, metadata: at(now) }) as CountyReportCommand;
const ev = (type: CountyReportEvent['type'], data: object = {}, revision = 1) => ({ type, version: 1, data: { countyCode, period, revision, ...data } }) as CountyReportEvent;

const drafted = ev('CountyReportDrafted', { planVersion: 1, dueOn: '2026-01-30', report: report() });
const submitted = ev('CountyReportSubmitted', { late: false });
const bySecretariat = ev('CountyReportEndorsed', { level: 'county-secretariat' });
const byCoChairs = ev('CountyReportEndorsed', { level: 'county-co-chairs' });
const draft = (overrides: Record<string, unknown>, now = ON_TIME) => cmd('DraftCountyReport', { report: report(overrides), publishedPlan }, now);
const REVIEW = { noIndividuals: true, sensitiveMarked: true, smallCountsSuppressed: true, noStigma: true };
/** The NCTC's approval carries the sensitivity review (recorded with who and when); the other levels' do not. */
const decision = (level: string, decisionTaken: 'approve' | 'return', reason?: string) =>
  cmd('DecideCountyReportAtLevel', { level, decision: decisionTaken, ...(reason ? { reason } : {}), ...(level === 'nctc' && decisionTaken === 'approve' ? { sensitivityReview: REVIEW } : {}) });
const approved = ev('CountyReportApproved', { sensitivityReview: { confirmed: ['noIndividuals', 'sensitiveMarked', 'smallCountsSuppressed', 'noStigma'], reviewedBy: 'officer-1', reviewedAt: ON_TIME } });

describe('county report decider', () => {
  it('drafts a period’s report against the published plan, due 30 days after the quarter', () => given([]).when(draft({})).then([drafted]));

  it('needs a published plan, a period inside it that has started', () => {
    given([]).when(cmd('DraftCountyReport', { report: report(), publishedPlan: undefined })).thenThrows('county-report.no-published-plan');
    given([]).when(cmd('DraftCountyReport', { report: report(), publishedPlan, period: '2028-Q1' })).thenThrows('county-report.period-outside-plan');
    given([]).when(cmd('DraftCountyReport', { report: report(), publishedPlan, period: '2026-Q2' })).thenThrows('county-report.period-not-started');
  });

  it('reports a period once: corrections are revisions', () => given([drafted]).when(draft({})).thenThrows('county-report.already-exists'));

  it('needs every action’s status, and nothing outside the plan', () => {
    const [first, second] = report().actions;
    given([]).when(draft({ actions: [first, second] })).thenThrows('county-report.action-missing');
    given([]).when(draft({ actions: [...report().actions, { actionId: 'invented', status: 'on-track' }] })).thenThrows('county-report.unknown-action');
  });

  it('needs every indicator due in the quarter, with a value of its unit', () => {
    const values = report().indicators;
    given([]).when(draft({ indicators: values.filter((v) => v.indicatorId !== 'mentees-in-work') })).thenThrows('county-report.indicator-missing');
    given([]).when(draft({ indicators: values.map((v) => (v.indicatorId === 'mentees-in-work' ? { ...v, value: 140 } : v)) })).thenThrows('county-report.value-out-of-range');
    given([]).when(draft({ indicators: values.map((v) => (v.indicatorId === 'forums-held' ? { ...v, value: 2.5 } : v)) })).thenThrows('county-report.value-out-of-range');
    given([]).when(draft({ indicators: [...values, { indicatorId: 'invented', value: 1 }] })).thenThrows('county-report.unknown-indicator');
  });

  it('keeps a value within the range the plan gives its indicator', () => {
    const ranged = plan();
    ranged.pillars[1]!.priorities[0]!.actions[0]!.indicators[0]!.range = { min: 0, max: 8 };
    const forums = (value: number) => report().indicators.map((v) => (v.indicatorId === 'forums-held' ? { ...v, value } : v));
    given([]).when(cmd('DraftCountyReport', { report: report({ indicators: forums(9) }), publishedPlan: { version: 1, plan: ranged } })).thenThrows('county-report.value-out-of-range');
    given([]).when(cmd('DraftCountyReport', { report: report({ indicators: forums(8) }), publishedPlan: { version: 1, plan: ranged } })).then([
      ev('CountyReportDrafted', { planVersion: 1, dueOn: '2026-01-30', report: report({ indicators: forums(8) }) }),
    ]);
  });

  it('needs a narrative for a value off track (behind the line from baseline to target)', () => {
    // 2025-Q4 is the 8th of 16 quarters of mentorship: at least 800 of 1600 is on track.
    const mentored = (value: number, narrative?: string) => report().indicators.map((v) => (v.indicatorId === 'youth-mentored' ? { ...v, value, ...(narrative ? { narrative } : {}) } : v));
    given([]).when(draft({ indicators: mentored(799) })).thenThrows('county-report.narrative-required');
    given([]).when(draft({ indicators: mentored(799, 'Two wards paused for the elections.') })).then([ev('CountyReportDrafted', { planVersion: 1, dueOn: '2026-01-30', report: report({ indicators: mentored(799, 'Two wards paused for the elections.') }) })]);
    given([]).when(draft({ indicators: mentored(800) })).then([ev('CountyReportDrafted', { planVersion: 1, dueOn: '2026-01-30', report: report({ indicators: mentored(800) }) })]);
  });

  it('marks a report submitted after its due date late, for good', () => {
    given([drafted]).when(cmd('SubmitCountyReport', {}, LATE)).then([ev('CountyReportSubmitted', { late: true })]);
    const lateHistory = [drafted, ev('CountyReportSubmitted', { late: true }), ev('CountyReportReturned', { level: 'county-secretariat', reason: 'Attach the minutes.' })];
    given(lateHistory).when(cmd('SubmitCountyReport', {}, ON_TIME)).then([ev('CountyReportSubmitted', { late: true })]);
  });

  it('goes up the levels: secretariat, co-chairs, then the NCTC approves and publishes', () => {
    given([drafted, submitted]).when(decision('county-secretariat', 'approve')).then([bySecretariat]);
    given([drafted, submitted, bySecretariat]).when(decision('county-co-chairs', 'approve')).then([byCoChairs]);
    given([drafted, submitted, bySecretariat, byCoChairs]).when(decision('nctc', 'approve')).then([approved, ev('CountyReportPublished')]);
  });

  it('publishes only with the NCTC’s sensitivity review, every item confirmed', () => {
    const atNctc = [drafted, submitted, bySecretariat, byCoChairs];
    given(atNctc).when(cmd('DecideCountyReportAtLevel', { level: 'nctc', decision: 'approve' })).thenThrows('sensitivity-review.incomplete');
    given(atNctc).when(cmd('DecideCountyReportAtLevel', { level: 'nctc', decision: 'approve', sensitivityReview: { ...REVIEW, noIndividuals: false } })).thenThrows('sensitivity-review.incomplete');
  });

  it('refuses a decision at a level the report is not waiting for', () => {
    given([drafted, submitted]).when(decision('nctc', 'approve')).thenThrows('county-report.not-at-level');
    given([drafted, submitted, bySecretariat]).when(decision('county-secretariat', 'approve')).thenThrows('county-report.not-at-level');
    given([drafted]).when(decision('county-secretariat', 'approve')).thenThrows('county-report.not-submitted');
  });

  it('any level returns it with a reason, and it comes back to the secretariat when resubmitted', () => {
    const returned = ev('CountyReportReturned', { level: 'county-co-chairs', reason: 'The forum count disagrees with the minutes.' });
    given([drafted, submitted, bySecretariat]).when(decision('county-co-chairs', 'return', 'The forum count disagrees with the minutes.')).then([returned]);
    given([drafted, submitted, bySecretariat, returned]).when(cmd('AmendCountyReportDraft', { report: report(), publishedPlan })).then([ev('CountyReportDraftAmended', { planVersion: 1, report: report() })]);
    given([drafted, submitted, bySecretariat, returned, submitted]).when(decision('county-secretariat', 'approve')).then([bySecretariat]);
  });

  it('corrects a published report by a new revision only', () => {
    const published = [drafted, submitted, bySecretariat, byCoChairs, ev('CountyReportApproved'), ev('CountyReportPublished')];
    given(published).when(cmd('AmendCountyReportDraft', { report: report(), publishedPlan })).thenThrows('county-report.not-draft');
    given(published).when(cmd('OpenCountyReportRevision', { reason: 'The forum count was wrong.' })).then([ev('CountyReportRevisionOpened', { reason: 'The forum count was wrong.' }, 2)]);
    given([...published, ev('CountyReportRevisionOpened', { reason: 'The forum count was wrong.' }, 2)])
      .when(cmd('SubmitCountyReport'))
      .then([ev('CountyReportSubmitted', { late: false }, 2)]);
    given([drafted]).when(cmd('OpenCountyReportRevision', { reason: 'Too early' })).thenThrows('county-report.not-published');
  });
});
