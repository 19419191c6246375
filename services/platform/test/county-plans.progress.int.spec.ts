import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aCountyPlan, aCountyReport, anNctcApproval, thisYear } from '@csm/testkit';
import { callApi, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(180_000);

/**
 * What the public and the NCTC see (issue 10): a county's progress and the national roll-up,
 * through HTTP with tokens from the embedded issuer. Mombasa (001) writes against the 2016
 * pillars and publishes two quarters; Kwale (002) against the 2024 revision (provisional list)
 * and publishes one. The roll-up reads both in the 2016 taxonomy; sensitive actions appear as
 * counts only, and below 3 as `{ fewerThan: 3 }`.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
const tokens = new Map<string, string>();
const ROLES: Record<string, string> = { officer: 'county-officer', secretariat: 'county-secretariat', 'co-chair': 'county-co-chair', admin: 'nctc-admin' };
let position = '0';

const send = async (who: string | undefined, county: string, method: string, path: string, body?: unknown) => {
  let token: string | undefined;
  if (who) {
    const key = `${who}@${county}`;
    if (!tokens.has(key)) tokens.set(key, await platform.signUserToken({ username: `${who}-${county}`, roles: [ROLES[who]!], ...(who === 'admin' ? {} : { countyCode: county }) }));
    token = tokens.get(key);
  }
  return callApi(platform.urls.countyPlans, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
};
const step = async (who: string, county: string, method: string, path: string, body: unknown, status: number) => {
  const response = await send(who, county, method, path, body);
  if (response.status !== status) throw new Error(`${who} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  position = response.body.position;
};
const publishPlan = async (code: string, plan: unknown) => {
  await step('officer', code, 'POST', `/county-plans/${code}/versions`, plan, 201);
  await step('officer', code, 'POST', `/county-plans/${code}/versions/1/submit`, {}, 202);
  await step('secretariat', code, 'POST', `/county-plans/${code}/versions/1/secretariat-review`, { decision: 'endorse' }, 202);
  await step('admin', code, 'POST', `/county-plans/${code}/versions/1/nctc-decision`, anNctcApproval(), 202);
};
const publishReport = async (code: string, period: string, report: unknown) => {
  const path = `/county-reports/${code}/${period}`;
  await step('officer', code, 'POST', path, report, 201);
  await step('officer', code, 'POST', `${path}/submit`, {}, 202);
  await step('secretariat', code, 'POST', `${path}/secretariat-decision`, { decision: 'approve' }, 202);
  await step('co-chair', code, 'POST', `${path}/co-chairs-decision`, { decision: 'approve' }, 202);
  await step('admin', code, 'POST', `${path}/nctc-decision`, anNctcApproval(), 202);
};

const Y = thisYear() - 2;
const Q1 = `${Y}-Q1`;
const Q2 = `${Y}-Q2`;
const NOTE = 'Behind the line: the circles started late in the quarter.';
const mombasaQ1 = aCountyReport({
  actions: [
    { actionId: 'mentorship-likoni', status: 'on-track' },
    { actionId: 'imam-pastor-forums', status: 'delayed', reason: 'The clerics’ council met late.' },
    { actionId: 'fisheries-cooperatives', status: 'not-started' },
  ],
  indicators: [
    { indicatorId: 'youth-mentored', value: 120, narrative: NOTE },
    { indicatorId: 'mentees-in-work', value: 10, narrative: NOTE },
    { indicatorId: 'forums-held', value: 1, narrative: NOTE },
    { indicatorId: 'cooperative-members', value: 0, narrative: NOTE },
  ],
});
/** Kwale, against the 2024 revision: its forums sit under digital and media, its county pillar maps to rehabilitation and reintegration. */
const kwalePlan = () => {
  const plan = aCountyPlan({ title: 'Kwale County Action Plan on Preventing and Countering Violent Extremism', taxonomy: 'nscve-2024', countyPillars: [{ id: 'county-blue-economy', name: 'Blue economy livelihoods', mapsTo: 'rehabilitation-reintegration' }] });
  const pillars = (plan.pillars as { pillarId: string }[]).map((p) => (p.pillarId === 'faith-based-ideological' ? { ...p, pillarId: 'digital-media' } : p));
  return { ...plan, pillars };
};
const statuses = (counts: Partial<Record<string, number>>) => ({ 'not-started': 0, 'on-track': 0, delayed: 0, completed: 0, dropped: 0, ...counts });
const PROBLEM = 'https://csm.go.ke/problems/';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-county-progress-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  await publishPlan('001', aCountyPlan());
  await publishPlan('002', kwalePlan());
  await publishReport('001', Q1, mombasaQ1);
  await publishReport('001', Q2, aCountyReport());
  await publishReport('002', Q1, aCountyReport());
  // Kwale's second quarter is drafted, never submitted: not in any figure.
  await step('officer', '002', 'POST', `/county-reports/002/${Q2}`, aCountyReport(), 201);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('a county’s progress: actions by status per pillar and quarter, indicators against baseline and target period by period, sensitive work as a count', async () => {
  const response = await send(undefined, '001', 'GET', `/counties/001/progress?minPosition=${position}`);
  expect(response.status).toBe(200);
  expect(response.body).toEqual({
    countyCode: '001',
    countyName: 'Mombasa',
    planVersion: 1,
    taxonomy: 'nscve-2016',
    timeframe: { from: Q1, to: `${Y + 3}-Q4` },
    periods: [
      { period: Q1, dueOn: `${Y}-04-30`, publishedAt: expect.any(String) },
      { period: Q2, dueOn: `${Y}-07-30`, publishedAt: expect.any(String) },
    ],
    pillars: [
      { pillarId: 'psychosocial', periods: [{ period: Q1, actions: statuses({ 'on-track': 1 }), sensitiveActions: 0 }, { period: Q2, actions: statuses({ 'on-track': 1 }), sensitiveActions: 0 }] },
      { pillarId: 'faith-based-ideological', periods: [{ period: Q1, actions: statuses({ delayed: 1 }), sensitiveActions: 0 }, { period: Q2, actions: statuses({ 'on-track': 1 }), sensitiveActions: 0 }] },
      { pillarId: 'county-blue-economy', periods: [{ period: Q1, actions: statuses({}), sensitiveActions: { fewerThan: 3 } }, { period: Q2, actions: statuses({}), sensitiveActions: { fewerThan: 3 } }] },
    ],
    indicators: [
      { pillarId: 'psychosocial', actionId: 'mentorship-likoni', indicatorId: 'youth-mentored', name: 'Young people completing mentorship', unit: 'count', frequency: 'quarterly', baseline: 0, target: 1600, values: [{ period: Q1, value: 120 }, { period: Q2, value: 1600 }] },
      { pillarId: 'psychosocial', actionId: 'mentorship-likoni', indicatorId: 'mentees-in-work', name: 'Mentees in work or training a year later', unit: 'percent', frequency: 'annual', baseline: 10, target: 40, values: [{ period: Q1, value: 10 }, { period: Q2, value: 40 }] },
      { pillarId: 'faith-based-ideological', actionId: 'imam-pastor-forums', indicatorId: 'forums-held', name: 'Forums held', unit: 'count', frequency: 'quarterly', baseline: 0, target: 8, values: [{ period: Q1, value: 1 }, { period: Q2, value: 8 }] },
    ],
  });
  expect(JSON.stringify(response.body)).not.toMatch(/fisheries|cooperative/);
});

it('a county’s progress is 404 without a published plan, and for no county', async () => {
  for (const code of ['003', '999']) {
    const response = await send(undefined, code, 'GET', `/counties/${code}/progress`);
    expect({ status: response.status, type: response.body.type }).toEqual({ status: 404, type: `${PROBLEM}not-found` });
  }
});

it('the national roll-up: 2024 plans read in the 2016 pillars, sensitive actions fewer than 3, shared indicators summed or averaged, completeness of all 47 counties', async () => {
  const response = await send('admin', '047', 'GET', `/rollup?period=${Q1}&minPosition=${position}`);
  expect(response.status).toBe(200);
  const { completeness, ...figures } = response.body;
  expect(figures).toEqual({
    period: Q1,
    dueOn: `${Y}-04-30`,
    taxonomy: 'nscve-2016',
    pillars: [
      { pillarId: 'faith-based-ideological', actions: statuses({ delayed: 1 }), sensitiveActions: 0, counties: 1 },
      { pillarId: 'media-online', actions: statuses({ 'on-track': 1 }), sensitiveActions: 0, counties: 1 },
      { pillarId: 'psychosocial', actions: statuses({ 'on-track': 2 }), sensitiveActions: { fewerThan: 3 }, counties: 2 },
    ],
    indicators: [
      { indicatorId: 'forums-held', unit: 'count', name: 'Forums held', aggregation: 'sum', value: 9, counties: 2 },
      { indicatorId: 'mentees-in-work', unit: 'percent', name: 'Mentees in work or training a year later', aggregation: 'mean', value: 25, counties: 2 },
      { indicatorId: 'youth-mentored', unit: 'count', name: 'Young people completing mentorship', aggregation: 'sum', value: 1720, counties: 2 },
    ],
    totals: { approved: 2, reported: 0, drafted: 0, missing: 0, late: 2 },
  });
  expect(completeness).toHaveLength(47);
  expect(completeness.slice(0, 3)).toEqual([
    { countyCode: '001', countyName: 'Mombasa', status: 'approved', late: true },
    { countyCode: '002', countyName: 'Kwale', status: 'approved', late: true },
    { countyCode: '003', countyName: 'Kilifi', status: 'no-plan', late: false },
  ]);
});

it('the roll-up of a quarter one county has only drafted: drafted and late, out of the figures', async () => {
  const response = await send(undefined, '001', 'GET', `/rollup?period=${Q2}`);
  expect(response.status).toBe(200);
  expect(response.body.completeness.slice(0, 2)).toEqual([
    { countyCode: '001', countyName: 'Mombasa', status: 'approved', late: true },
    { countyCode: '002', countyName: 'Kwale', status: 'drafted', late: true },
  ]);
  expect(response.body.totals).toEqual({ approved: 1, reported: 0, drafted: 1, missing: 0, late: 2 });
  expect(response.body.pillars.find((p: { pillarId: string }) => p.pillarId === 'psychosocial')).toEqual({ pillarId: 'psychosocial', actions: statuses({ 'on-track': 1 }), sensitiveActions: { fewerThan: 3 }, counties: 1 });
});

it('a quarter with no report due yet reads as missing where the plan covers it and its due date passed', async () => {
  const response = await send(undefined, '001', 'GET', `/rollup?period=${Y}-Q3`);
  expect(response.body.completeness.slice(0, 2).map((c: { status: string }) => c.status)).toEqual(['missing', 'missing']);
  expect({ pillars: response.body.pillars, indicators: response.body.indicators }).toEqual({ pillars: [], indicators: [] });
});

it('a period that is not a quarter is a 400 problem', async () => {
  const response = await send(undefined, '001', 'GET', '/rollup?period=2026-Q5');
  expect({ status: response.status, type: response.body.type, contentType: response.headers.get('content-type') }).toEqual({ status: 400, type: `${PROBLEM}validation`, contentType: expect.stringContaining('application/problem+json') });
});
