import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleCommand, type CommandMetadata } from '@csm/eventing';
import { COUNTY_CODES, countyPlanStreamId, countyReportStreamId, periodAt, periodIndex, type CountyPlanContent } from '@csm/contracts';
import { countyPlanDecider, countyReportDecider, type CountyPlanCommand, type CountyReportCommand } from '@csm/county-plans';
import { passwordToken, startEmbeddedPlatform } from '@csm/platform';
import { aSensitivityReview, thisYear } from '@csm/testkit';
import { driveHttpLoad, type HttpLoadRequest } from './http-load';
import { formatRow } from './load';

/**
 * The county reads of issue 10 on the embedded default with 47 plans × 200 actions × 8 quarters
 * loaded, as ratios to an authenticated read of one plan (GET /county-plans/:code) measured in
 * the same run on the same service:
 *  - the national roll-up of a quarter (GET /rollup?period=), one document of a read model;
 *  - a county's progress (GET /counties/:code/progress), one document per county.
 * The data is brought in-process through the real deciders and the platform's event store
 * (`handleCommand`, as the HTTP routes do, without HTTP: 47 × 44 commands, each plan and report
 * checked and its events checked against the contracts on append); the projections then catch up
 * from the log as they do live, and only the measured HTTP reads are timed, driven by autocannon
 * from a child process. Asserts nothing about speed.
 *
 *   npm run bench:county-plans          BENCH_ACTIONS=200 BENCH_QUARTERS=8 BENCH_READS=500 BENCH_CONCURRENCY=16 npm run bench:county-plans
 *   BENCH_COUNTIES=5 npm run bench:county-plans     (a quick look with 5 counties)
 */
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 200);
const QUARTERS = Number(process.env.BENCH_QUARTERS ?? 8);
const READS = Number(process.env.BENCH_READS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** Fewer counties for a quick look (the figure is all 47). */
const COUNTIES = COUNTY_CODES.slice(0, Number(process.env.BENCH_COUNTIES ?? COUNTY_CODES.length));
const PILLARS = ['psychosocial', 'education', 'political', 'security', 'faith-based-ideological', 'training-capacity-building', 'arts-culture', 'media-online'];

/** The first of the 8 quarters: all of them have ended, so every report can be drafted now. */
const FIRST = periodIndex(`${thisYear() - Math.ceil(QUARTERS / 4) - 1}-Q1`);
const PERIODS = Array.from({ length: QUARTERS }, (_, i) => periodAt(FIRST + i));

/** A plan of ACTIONS actions over the QUARTERS quarters, spread over 8 pillars; one action in 20 sensitive. */
const benchPlan = (countyCode: string): CountyPlanContent => {
  const timeframe = { from: PERIODS[0]!, to: PERIODS.at(-1)! };
  const perPillar = Math.ceil(ACTIONS / PILLARS.length);
  return {
    title: `County ${countyCode} action plan (benchmark)`,
    taxonomy: 'nscve-2016',
    countyPillars: [],
    timeframe,
    pillars: PILLARS.map((pillarId, p) => ({
      pillarId,
      priorities: Array.from({ length: Math.ceil(perPillar / 50) }, (_, q) => ({
        id: `p${p}-q${q}`,
        title: `Priority ${q + 1} under ${pillarId}`,
        actions: Array.from({ length: Math.min(50, perPillar - q * 50) }, (_, a) => {
          const n = p * perPillar + q * 50 + a;
          return {
            id: `a-${n}`,
            title: `Action ${n} of county ${countyCode}`,
            lead: { name: `Lead organisation ${n % 37}` },
            partners: [],
            timeframe,
            budgetKes: 100_000 + n * 1_000,
            sensitive: n % 20 === 7,
            indicators: [{ id: `i-${n}`, name: `Indicator ${n % 25}`, unit: 'count' as const, baseline: 0, target: 40 + (n % 60), frequency: 'quarterly' as const }],
          };
        }),
      })),
    })).filter((pillar) => pillar.priorities.every((priority) => priority.actions.length > 0)),
  };
};

/** A report on the quarter `q` (0-based): on track at the straight line, some delayed, some completed at the end. */
const benchReport = (plan: CountyPlanContent, q: number) => {
  const actions = plan.pillars.flatMap((p) => p.priorities.flatMap((priority) => priority.actions));
  const share = (q + 1) / QUARTERS;
  return {
    summary: `Quarter ${q + 1} of the benchmark.`,
    actions: actions.map((a, i) =>
      i % 9 === 4 ? { actionId: a.id, status: 'delayed' as const, reason: 'Funds arrived late in the quarter.' } : { actionId: a.id, status: q === QUARTERS - 1 && i % 3 === 0 ? ('completed' as const) : ('on-track' as const) },
    ),
    indicators: actions.map((a) => ({ indicatorId: a.indicators[0]!.id, value: Math.ceil(a.indicators[0]!.target * share) })),
    evidence: [],
  };
};

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-bench-county-plans-'));
  const platform = await startEmbeddedPlatform({ dataDir: dir, log: () => undefined });
  try {
    const started = Date.now();
    const now = new Date().toISOString();
    let commands = 0;
    const metadata = (id: string, roles: string[]): CommandMetadata => ({ commandId: `${id}-${commands++}`, correlationId: id, actor: { subject: 'bench', roles }, now });
    const plan = (countyCode: string, type: CountyPlanCommand['type'], data: Record<string, unknown>, role: string) =>
      handleCommand(platform.store, countyPlanDecider, countyPlanStreamId(countyCode), { type, data: { countyCode, ...data }, metadata: metadata(`plan-${countyCode}`, [role]) } as CountyPlanCommand);
    const report = (countyCode: string, period: string, type: CountyReportCommand['type'], data: Record<string, unknown>, role: string) =>
      handleCommand(platform.store, countyReportDecider, countyReportStreamId(countyCode, period), { type, data: { countyCode, period, ...data }, metadata: metadata(`report-${countyCode}.${period}`, [role]) } as CountyReportCommand);

    console.log(`[bench] loading ${COUNTIES.length} plans × ${ACTIONS} actions × ${QUARTERS} quarters (${PERIODS[0]} to ${PERIODS.at(-1)}) through the deciders and the event store…`);
    for (const [c, countyCode] of COUNTIES.entries()) {
      const content = benchPlan(countyCode);
      await plan(countyCode, 'DraftCountyPlan', { plan: content }, 'county-officer');
      await plan(countyCode, 'SubmitCountyPlan', { version: 1 }, 'county-officer');
      await plan(countyCode, 'ReviewCountyPlan', { version: 1, decision: 'endorse' }, 'county-secretariat');
      await plan(countyCode, 'DecideCountyPlan', { version: 1, decision: 'approve', sensitivityReview: aSensitivityReview() }, 'nctc-admin');
      for (const [q, period] of PERIODS.entries()) {
        await report(countyCode, period, 'DraftCountyReport', { report: benchReport(content, q), publishedPlan: { version: 1, plan: content } }, 'county-officer');
        await report(countyCode, period, 'SubmitCountyReport', {}, 'county-officer');
        await report(countyCode, period, 'DecideCountyReportAtLevel', { level: 'county-secretariat', decision: 'approve' }, 'county-secretariat');
        await report(countyCode, period, 'DecideCountyReportAtLevel', { level: 'county-co-chairs', decision: 'approve' }, 'county-co-chair');
        await report(countyCode, period, 'DecideCountyReportAtLevel', { level: 'nctc', decision: 'approve', sensitivityReview: aSensitivityReview() }, 'nctc-admin');
      }
      process.stdout.write(`\r[bench] county ${c + 1}/${COUNTIES.length} loaded (${commands} commands, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    process.stdout.write('\n');
    const loaded = Date.now();
    const head = await platform.store.headPosition();
    console.log(`[bench] ${head + 1n} events in the log; the projections catch up…`);
    await platform.caughtUp(head);
    console.log(`[bench] loaded in ${((loaded - started) / 1000).toFixed(1)} s, projected in ${((Date.now() - loaded) / 1000).toFixed(1)} s`);

    // A fresh token per measured read: the embedded issuer's tokens live 5 minutes, and a slow read
    // measured after that would count 401s (an expired token is refused even on a public route).
    let admin = await passwordToken(platform.urls.issuer, 'admin');
    const origin = platform.urls.countyPlans;
    const get = (path: string): HttpLoadRequest => ({ method: 'GET', path, headers: { authorization: `Bearer ${admin}` } });
    const everyCounty = (path: (code: string) => string) => COUNTIES.map((code) => get(path(code)));
    const load = (name: string, requests: HttpLoadRequest[]) => driveHttpLoad(name, { origin, connections: CONCURRENCY, amount: READS, expectStatus: 200, requests });

    const baseline = await load(`GET /county-plans/:code, authenticated, ${ACTIONS} actions (baseline)`, everyCounty((code) => `/county-plans/${code}`));
    console.log(formatRow(baseline));
    const period = PERIODS.at(-1)!;
    /** The reads measured against the baseline. The map's lead adds `GET /map` here once it is merged. */
    const READS_MEASURED: { label: string; requests: HttpLoadRequest[] }[] = [
      { label: `GET /rollup?period=${period}`, requests: [get(`/rollup?period=${period}`)] },
      { label: 'GET /counties/:code/progress', requests: everyCounty((code) => `/counties/${code}/progress`) },
      { label: 'GET /map', requests: [get('/map')] },
      { label: `GET /map?period=${period}&kind=plan-action`, requests: [get(`/map?period=${period}&kind=plan-action`)] },
      { label: 'GET /map?limit=100 (a page)', requests: [get('/map?limit=100')] },
    ];
    const measured = [];
    for (const { label, requests } of READS_MEASURED) {
      admin = await passwordToken(platform.urls.issuer, 'admin');
      const result = await load(label, requests.map((r) => ({ ...r, headers: { authorization: `Bearer ${admin}` } })));
      console.log(formatRow(result));
      if (result.failures > 0) console.log(`  statuses of the failures' run: ${JSON.stringify(result.statuses)}`);
      measured.push(result);
    }
    console.log('');
    for (const result of measured) {
      console.log(
        `ratio ${result.name.padEnd(34)} ÷ authenticated plan read   throughput ${(result.perSecond / baseline.perSecond).toFixed(2)}   p50 ${(result.p50Ms / baseline.p50Ms).toFixed(2)}x   p99 ${(result.p99Ms / baseline.p99Ms).toFixed(2)}x`,
      );
    }
    console.log(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB after the run`);
    if ([baseline, ...measured].some((r) => r.failures > 0)) process.exitCode = 1;
  } finally {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

void main();
