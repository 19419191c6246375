import { aCountyPlan } from '@csm/testkit';
import { CountyPlanContent, CountyPlanDraftContent, CountyReportContent, eventCatalog, indicatorValueProblem, mapPillar, NSCVE_2016, NSCVE_2024, NSCVE_2024_TO_2016, periodsBetween, reportDueOn, unitValueProblem } from '../src';

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);

describe('county-plans reference data', () => {
  it('keeps the 2016 taxonomy identical to the pillars the other contexts use', () => expect(NSCVE_2016.pillars.map((p) => p.id)).toContain('media-online'));

  it('maps every 2024 pillar onto a 2016 pillar, and nothing the other way', () => {
    for (const pillar of NSCVE_2024.pillars) expect(NSCVE_2016.pillars.map((p) => p.id)).toContain(NSCVE_2024_TO_2016.get(pillar.id));
    expect(mapPillar('nscve-2024', 'digital-media', 'nscve-2016')).toBe('media-online');
    expect(mapPillar('nscve-2016', 'media-online', 'nscve-2024')).toBeUndefined();
    expect(mapPillar('nscve-2016', 'security', 'nscve-2016')).toBe('security');
  });

  it('counts quarters and due dates, across years and leap days', () => {
    expect(periodsBetween('2025-Q3', '2026-Q2')).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(reportDueOn('2025-Q4')).toBe('2026-01-30');
    expect(reportDueOn('2028-Q1')).toBe('2028-04-30');
  });

  it('checks values against their unit', () => {
    expect(unitValueProblem('percent', 100)).toBeUndefined();
    expect(unitValueProblem('percent', 100.5)).toBe('must be a percentage from 0 to 100');
    expect(unitValueProblem('count', 3.5)).toBe('must be a whole number of at least 0 (count)');
    expect(unitValueProblem('yes-no', 2)).toBe('must be 0 (no) or 1 (yes)');
    expect(indicatorValueProblem({ unit: 'count', range: { min: 0, max: 47 } }, 48)).toBe('must be from 0 to 47');
  });

  it('refuses a plan whose ids repeat, whose pillars are unknown, or whose actions outlast it', () => {
    const plan = aCountyPlan({}, 2024);
    const [first] = plan.pillars;
    expect(issues(CountyPlanContent.safeParse(plan))).toEqual([]);
    expect(issues(CountyPlanContent.safeParse({ ...plan, taxonomy: 'nscve-2024', countyPillars: [] }))).toEqual(['pillars.2.pillarId: not a pillar of nscve-2024 nor one the county added']);
    expect(issues(CountyPlanContent.safeParse({ ...plan, pillars: [first, first] }))).toEqual(
      expect.arrayContaining(['pillars.1.pillarId: pillar id psychosocial is used twice in the plan', 'pillars.1.priorities.0.actions.0.id: action id mentorship-likoni is used twice in the plan']),
    );
    expect(issues(CountyPlanContent.safeParse({ ...plan, timeframe: { from: '2024-Q1', to: '2026-Q4' } }))).toEqual([
      'pillars.0.priorities.0.actions.0.timeframe: the action’s timeframe lies outside the plan’s',
      'pillars.2.priorities.0.actions.0.timeframe: the action’s timeframe lies outside the plan’s',
    ]);
  });

  it('names a bad taxonomy or quarter as a field issue, never throws on it; a draft may leave a pillar empty, a complete plan may not', () => {
    const plan = aCountyPlan({}, 2024);
    expect(issues(CountyPlanDraftContent.safeParse({ ...plan, taxonomy: '', timeframe: { from: '', to: '2027-Q4' } }))).toEqual([
      'taxonomy: Invalid option: expected one of "nscve-2016"|"nscve-2024"',
      'timeframe.from: a calendar quarter: YYYY-Qn, e.g. 2026-Q1',
    ]);
    const empty = { ...plan, pillars: [{ pillarId: 'psychosocial', priorities: [] }] };
    expect(issues(CountyPlanDraftContent.safeParse(empty))).toEqual([]);
    expect(issues(CountyPlanContent.safeParse(empty))).toEqual(['pillars.0.priorities: Too small: expected array to have >=1 items']);
  });

  it('needs a reason for a delayed action, and a link or a document reference as evidence', () => {
    expect(issues(CountyReportContent.safeParse({ actions: [{ actionId: 'a1', status: 'dropped' }], indicators: [] }))).toEqual(['actions.0.reason: a delayed or dropped action needs the reason']);
    expect(issues(CountyReportContent.safeParse({ actions: [], indicators: [], evidence: [{ title: 'Minutes', url: 'http://insecure.example/x' }] }))).toEqual([
      expect.stringMatching(/^evidence\.0\.url: /),
    ]);
    expect(issues(CountyReportContent.safeParse({ actions: [], indicators: [], evidence: [{ title: 'Minutes' }] }))).toEqual(['evidence.0: give a link (url) or a document reference (documentRef), one of the two']);
  });

  it('puts every county-plans event in the catalog', () => {
    const types = eventCatalog({ forUsername: (u: string) => u }).schemas.map((s) => s.shape.type.value);
    expect(types).toEqual(expect.arrayContaining(['CountyPlanDrafted', 'CountyPlanPublished', 'CountyReportSubmitted', 'CountyReportRevisionOpened']));
  });
});
