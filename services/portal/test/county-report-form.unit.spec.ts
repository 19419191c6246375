import type { Request } from 'express';
import { CountyPlanContent } from '@csm/contracts';
import { aCountyPlan } from '@csm/testkit';
import { dueIndicators, periodsToReport, progressByPillar } from '../src/journeys/county-plans/county-views';
import { answersFromForm, answersFromReport, reportBody, reportErrors } from '../src/journeys/county-plans/report-form';

// A plan from 2024-Q1 to 2027-Q4: mentorship (2024–2027, a quarterly and an annual indicator),
// forums (2024–2025, quarterly), fisheries cooperatives (2025–2027, semi-annual).
const plan = CountyPlanContent.parse(aCountyPlan({}, 2024));
const posted = (body: Record<string, unknown>) => ({ body }) as unknown as Request;

describe('the county officer’s report form', () => {
  it('offers the indicators due in the quarter, of actions begun by then', () => {
    expect(dueIndicators(plan, '2024-Q1').map((d) => d.indicator.id)).toEqual(['youth-mentored', 'forums-held']);
    expect(dueIndicators(plan, '2025-Q2').map((d) => d.indicator.id)).toEqual(['youth-mentored', 'forums-held', 'cooperative-members']);
    expect(dueIndicators(plan, '2025-Q4').map((d) => d.indicator.id)).toEqual(['youth-mentored', 'mentees-in-work', 'forums-held', 'cooperative-members']);
  });

  it('offers the latest four started quarters without a report', () => {
    expect(periodsToReport(plan, new Set(['2025-Q3']), new Date('2025-11-02T00:00:00Z'))).toEqual(['2025-Q4', '2025-Q2', '2025-Q1', '2024-Q4']);
    expect(periodsToReport(plan, new Set(), new Date('2023-06-01T00:00:00Z'))).toEqual([]);
  });

  it('sends what was typed: empty values as missing, reasons and narratives only when written, evidence rows with something in them', () => {
    const answers = answersFromForm(
      posted({
        'status-mentorship-likoni': 'delayed',
        'reason-mentorship-likoni': '',
        'status-imam-pastor-forums': 'on-track',
        'status-fisheries-cooperatives': '',
        'value-youth-mentored': '1,200',
        'value-forums-held': '',
        'narrative-forums-held': 'Two forums were postponed.',
        summary: 'A quarter.',
        evidenceTitle: ['', 'Minutes', ''],
        evidenceUrl: ['', 'https://mombasa.example/m.pdf', ''],
      }),
      plan,
      '2024-Q1',
    );
    expect(reportBody(answers, plan, '2024-Q1')).toEqual({
      summary: 'A quarter.',
      actions: [
        { actionId: 'mentorship-likoni', status: 'delayed' },
        { actionId: 'imam-pastor-forums', status: 'on-track' },
        { actionId: 'fisheries-cooperatives', status: '' },
      ],
      indicators: [
        { indicatorId: 'youth-mentored', value: 1200 },
        { indicatorId: 'forums-held', value: null, narrative: 'Two forums were postponed.' },
      ],
      evidence: [{ title: 'Minutes', url: 'https://mombasa.example/m.pdf' }],
    });
    // The service's paths come back to the fields they were sent from (evidence by its row in the form).
    const problem = {
      type: 'https://csm.go.ke/problems/validation',
      title: 'Invalid',
      status: 400,
      errors: [
        { path: 'actions.0.reason', message: 'a delayed or dropped action needs the reason' },
        { path: 'actions.2.status', message: 'Invalid option' },
        { path: 'indicators.1.value', message: 'expected number' },
        { path: 'evidence.0.url', message: 'Invalid URL' },
      ],
    };
    expect(reportErrors(problem, plan, '2024-Q1', answers)).toEqual([
      { field: 'reason-mentorship-likoni', key: 'countyPlans.errors.reason', detail: 'a delayed or dropped action needs the reason' },
      { field: 'status-fisheries-cooperatives', key: 'countyPlans.errors.status', detail: 'Invalid option' },
      { field: 'value-forums-held', key: 'countyPlans.errors.value', detail: 'expected number' },
      { field: 'evidenceUrl-1', key: 'countyPlans.errors.evidenceUrl', detail: 'Invalid URL' },
    ]);
  });

  it('puts the decider’s refusals naming an indicator at that indicator', () => {
    const answers = answersFromReport(undefined);
    const narrative = { type: 'https://csm.go.ke/problems/county-report.narrative-required', title: 'Invalid', status: 422, detail: 'Indicator youth-mentored is off track (behind the line from baseline to target): explain why in a narrative' };
    expect(reportErrors(narrative, plan, '2024-Q1', answers)).toEqual([{ field: 'narrative-youth-mentored', key: 'countyPlans.errors.narrativeRequired', detail: narrative.detail }]);
    const range = { type: 'https://csm.go.ke/problems/county-report.value-out-of-range', title: 'Invalid', status: 422, detail: 'Indicator forums-held: the value must be a whole number of at least 0 (count)' };
    expect(reportErrors(range, plan, '2024-Q1', answers)).toEqual([{ field: 'value-forums-held', key: 'countyPlans.errors.fromService', detail: range.detail }]);
  });

  it('fills the form again from a returned report, with three evidence rows at least', () => {
    const answers = answersFromReport({ actions: [{ actionId: 'mentorship-likoni', status: 'dropped', reason: 'No mentors.' }], indicators: [{ indicatorId: 'youth-mentored', value: 3 }], evidence: [{ title: 'File', documentRef: 'MSA/12' }] });
    expect([...answers.fields]).toEqual([['status-mentorship-likoni', 'dropped'], ['reason-mentorship-likoni', 'No mentors.'], ['value-youth-mentored', '3']]);
    expect(answers.evidence).toEqual([{ title: '', url: '' }, { title: '', url: '' }, { title: '', url: '' }]);
    // A document reference (given through the API) goes back as it was: a correction loses no evidence.
    expect(answers.documents).toEqual([{ title: 'File', documentRef: 'MSA/12' }]);
    expect(reportBody(answers, plan, '2024-Q1').evidence).toEqual([{ title: 'File', documentRef: 'MSA/12' }]);
  });

  it('counts a published report’s actions by status within each pillar', () => {
    const report = { actions: [{ actionId: 'mentorship-likoni', status: 'delayed' }, { actionId: 'imam-pastor-forums', status: 'on-track' }], indicators: [], evidence: [] };
    expect(progressByPillar(plan, report)).toEqual([
      { pillarId: 'psychosocial', counts: [{ status: 'delayed', count: 1 }] },
      { pillarId: 'faith-based-ideological', counts: [{ status: 'on-track', count: 1 }] },
      { pillarId: 'county-blue-economy', counts: [] },
    ]);
  });
});
