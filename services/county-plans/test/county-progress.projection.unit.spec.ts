import type { CountyPlanEvent, CountyReportEvent } from '@csm/contracts';
import type { RecordedEvent } from '@csm/eventing';
import { EmbeddedReadModels } from '@csm/readmodels';
import { completeness, countyProgressOf, countyRollupProjection, COUNTY_ROLLUP, COUNTY_ROLLUP_PERIODS, evolveFacts, masked, NATIONAL, rollupPeriods, type CountyFacts } from '../src/projections/county-progress.projection';
import { plan, report } from './builders';

const AT = '2024-05-02T09:00:00.000Z';
const planEvents = (countyCode: string, content = plan()): CountyPlanEvent[] =>
  [
    { type: 'CountyPlanDrafted', version: 1, data: { countyCode, version: 1, plan: content } },
    { type: 'CountyPlanSubmitted', version: 1, data: { countyCode, version: 1 } },
    { type: 'CountyPlanPublished', version: 1, data: { countyCode, version: 1 } },
  ] as CountyPlanEvent[];
const reportEvents = (countyCode: string, period: string, late = false): CountyReportEvent[] =>
  [
    { type: 'CountyReportDrafted', version: 1, data: { countyCode, period, revision: 1, planVersion: 1, dueOn: '2024-04-30', report: report() } },
    { type: 'CountyReportSubmitted', version: 1, data: { countyCode, period, revision: 1, late } },
    { type: 'CountyReportPublished', version: 1, data: { countyCode, period, revision: 1 } },
  ] as CountyReportEvent[];
const fold = (events: (CountyPlanEvent | CountyReportEvent)[]): CountyFacts => events.reduce((facts, event) => evolveFacts(facts, event, AT), { countyCode: '001', versions: {}, reports: {} } as CountyFacts);

describe('county progress and the national roll-up', () => {
  it('states a count of 1 or 2 as fewer than 3, never the figure', () => {
    expect([0, 1, 2, 3, 40].map(masked)).toEqual([0, { fewerThan: 3 }, { fewerThan: 3 }, 3, 40]);
  });

  it('does not depend on the order of events across streams (the plan’s and a report’s, as Kafka partitions may deliver them)', () => {
    const inOrder = fold([...planEvents('001'), ...reportEvents('001', '2024-Q1')]);
    const reportFirst = fold([...reportEvents('001', '2024-Q1'), ...planEvents('001')]);
    expect(reportFirst).toEqual(inOrder);
    expect(countyProgressOf(reportFirst)).toEqual(countyProgressOf(inOrder));
  });

  it('keeps only statuses and values of a report: no narrative, reason nor evidence', () => {
    const facts = fold([...planEvents('001'), ...reportEvents('001', '2024-Q1')]);
    expect(JSON.stringify(facts.reports)).not.toMatch(/evidence|summary|narrative|reason/);
  });

  it('counts three sensitive actions across counties as 3', () => {
    const counties = Object.fromEntries(['001', '002', '003'].map((code) => [code, { ...fold([...planEvents(code), ...reportEvents(code, '2024-Q1')]), countyCode: code }]));
    const psychosocial = rollupPeriods(counties)['2024-Q1']!.pillars.find((p) => p.pillarId === 'psychosocial');
    expect(psychosocial).toEqual({ pillarId: 'psychosocial', actions: { 'not-started': 0, 'on-track': 3, delayed: 0, completed: 0, dropped: 0 }, sensitiveActions: 3, counties: 3 });
  });

  it('decides missing and late against the day it is read', () => {
    const facts = fold(planEvents('001'));
    expect(completeness(facts, '2024-Q1', '2024-04-30', '2024-04-30')).toEqual({ status: 'not-due', late: false });
    expect(completeness(facts, '2024-Q1', '2024-04-30', '2024-05-01')).toEqual({ status: 'missing', late: true });
    expect(completeness(undefined, '2024-Q1', '2024-04-30', '2024-05-01')).toEqual({ status: 'no-plan', late: false });
    expect(completeness(fold([...planEvents('001'), ...reportEvents('001', '2024-Q1', true)]), '2024-Q1', '2024-04-30', '2024-05-01')).toEqual({ status: 'approved', late: true });
  });

  it('rolls up the same national document whatever the order across streams, and as the counties’ facts fold at once', async () => {
    const recorded = (event: CountyPlanEvent | CountyReportEvent, index: number): RecordedEvent => {
      const stream = 'period' in event.data ? `countyReport-${event.data.countyCode}.${event.data.period}` : `countyPlan-${event.data.countyCode}`;
      const revision = { CountyPlanDrafted: 0, CountyPlanSubmitted: 1, CountyPlanPublished: 2, CountyReportDrafted: 0, CountyReportSubmitted: 1, CountyReportPublished: 2 }[event.type as string]!;
      return { ...event, streamId: stream, streamRevision: BigInt(revision), position: BigInt(index), recordedAt: AT, metadata: { occurredAt: AT } } as unknown as RecordedEvent;
    };
    const national = async (events: (CountyPlanEvent | CountyReportEvent)[]) => {
      const readModels = new EmbeddedReadModels();
      for (const [i, event] of events.entries()) await countyRollupProjection.apply(recorded(event, i), readModels);
      // Redelivered: applied once.
      for (const [i, event] of events.entries()) await countyRollupProjection.apply(recorded(event, i), readModels);
      const { _applied: _tracking, ...view } = (await readModels.collection(COUNTY_ROLLUP).findOne({ _id: NATIONAL }))!;
      const quarters = await readModels.collection(COUNTY_ROLLUP_PERIODS).find({}, { projection: { _applied: 0 } });
      return { ...view, periods: Object.fromEntries(quarters.map(({ _id, ...quarter }) => [_id, quarter])) };
    };
    const inOrder = [...planEvents('001'), ...reportEvents('001', '2024-Q1'), ...planEvents('002'), ...reportEvents('002', '2024-Q1')];
    const shuffled = [...reportEvents('002', '2024-Q1'), ...reportEvents('001', '2024-Q1'), ...planEvents('002'), ...planEvents('001')];
    const first = await national(inOrder);
    expect(Object.keys(first.periods as object)).toEqual(['2024-Q1']);
    expect(await national(shuffled)).toEqual(first);
    const facts = Object.fromEntries(['001', '002'].map((code) => [code, fold([...planEvents(code), ...reportEvents(code, '2024-Q1')].map((e) => ({ ...e, data: { ...e.data, countyCode: code } }) as never))]));
    expect(first.periods).toEqual(rollupPeriods(Object.fromEntries(Object.entries(facts).map(([code, f]) => [code, { ...f, countyCode: code }]))));
  });
});
