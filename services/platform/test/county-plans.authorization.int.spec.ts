import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aCountyPlan, aCountyReport, anInitiative, anNctcApproval, anOrganizationProfile, awardAPartnership, thisYear } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { exposedRoutes, readMatrix } from './support/readme-matrix';

jest.setTimeout(180_000);

/**
 * The county-plans authorisation matrix is the table in services/county-plans/README.md: this
 * test reads it and sends every request in it, as every persona, with the exact status of each
 * cell. Personas act for the county in the path (or, "other …", for another one), with real
 * tokens from the embedded issuer. Refused requests go to a county with a published plan and a
 * published report; each allowed write gets a fresh plan (a county of its own) or report (a
 * quarter of its own) brought to the stage it needs, so a 404 or 409 never passes for "allowed".
 */
const README = join(__dirname, '../../county-plans/README.md');
const matrix = readMatrix(README);
const PROBLEM = 'https://csm.go.ke/problems/';
const PERSONAS = ['admin', 'officer', 'other officer', 'secretariat', 'other secretariat', 'co-chair', 'partner', 'other partner', 'auditor', 'anonymous'];
/** The verified organisation whose initiatives the matrix acts on (the "partner" persona's). */
const ORG = 'amani-youth';
let nextInitiative = 1;
const SHARED = '010';
/** Counties with a published plan whose quarters fresh reports take. */
const REPORTING = ['009', '008'];

let dataDir: string;
let platform: EmbeddedPlatform;
const tokens = new Map<string, string>();
let nextCounty = 11;

/** Another county than `code`, for the "other …" personas. */
const otherThan = (code: string) => (code === '047' ? '046' : String(Number(code) + 1).padStart(3, '0'));

const tokenOf = async (persona: string, county: string): Promise<string | undefined> => {
  if (persona === 'anonymous') return undefined;
  const key = `${persona}@${county}`;
  if (!tokens.has(key)) {
    const user = {
      admin: { roles: ['nctc-admin'] },
      officer: { roles: ['county-officer'], countyCode: county },
      'other officer': { roles: ['county-officer'], countyCode: otherThan(county) },
      secretariat: { roles: ['county-secretariat'], countyCode: county },
      'other secretariat': { roles: ['county-secretariat'], countyCode: otherThan(county) },
      'co-chair': { roles: ['county-co-chair'], countyCode: county },
      partner: { roles: ['partner'], organizationId: ORG },
      'other partner': { roles: ['partner'], organizationId: 'pwani-peace' },
      auditor: { roles: ['auditor'] },
    }[persona];
    if (!user) throw new Error(`unknown persona ${persona}`);
    tokens.set(key, await platform.signUserToken({ username: `${persona.replace(' ', '-')}-${county}`, ...user }));
  }
  return tokens.get(key);
};

const send = async (persona: string, county: string, method: string, path: string, body?: unknown) => {
  const token = await tokenOf(persona, county);
  return callApi(platform.urls.countyPlans, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
};
/** A fixture step that must succeed. */
const step = async (persona: string, county: string, method: string, path: string, body: unknown, status: number) => {
  const response = await send(persona, county, method, path, body);
  if (response.status !== status) throw new Error(`fixture ${persona} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  if (response.body?.position) await platform.caughtUp(BigInt(response.body.position));
  return response;
};

type PlanStage = 'none' | 'draft' | 'submitted' | 'endorsed' | 'published';
const PLAN_ORDER: PlanStage[] = ['none', 'draft', 'submitted', 'endorsed', 'published'];
const aPlanAt = async (stage: PlanStage, code = String(nextCounty++).padStart(3, '0')) => {
  const reached = (s: PlanStage) => PLAN_ORDER.indexOf(s) <= PLAN_ORDER.indexOf(stage);
  const versions = `/county-plans/${code}/versions`;
  if (reached('draft')) await step('officer', code, 'POST', versions, aCountyPlan(), 201);
  if (reached('submitted')) await step('officer', code, 'POST', `${versions}/1/submit`, {}, 202);
  if (reached('endorsed')) await step('secretariat', code, 'POST', `${versions}/1/secretariat-review`, { decision: 'endorse' }, 202);
  if (reached('published')) await step('admin', code, 'POST', `${versions}/1/nctc-decision`, anNctcApproval(), 202);
  return { code, version: '1' };
};

/** Quarters that have started inside aCountyPlan()'s timeframe, newest first. */
const startedQuarters = () => {
  const now = new Date();
  const current = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  const first = (thisYear() - 2) * 4;
  const out: string[] = [];
  for (let i = current; i >= first; i--) out.push(`${Math.floor(i / 4)}-Q${(i % 4) + 1}`);
  return out;
};
const slots = REPORTING.flatMap((code) => startedQuarters().map((period) => ({ code, period })));

type ReportStage = 'draft' | 'submitted' | 'at-co-chairs' | 'at-nctc' | 'published';
const REPORT_ORDER: ReportStage[] = ['draft', 'submitted', 'at-co-chairs', 'at-nctc', 'published'];
const aReportAt = async (stage: ReportStage, slot = slots.shift()) => {
  if (!slot) throw new Error('no quarter left for a fresh report');
  const { code, period } = slot;
  const reached = (s: ReportStage) => REPORT_ORDER.indexOf(s) <= REPORT_ORDER.indexOf(stage);
  const path = `/county-reports/${code}/${period}`;
  await step('officer', code, 'POST', path, aCountyReport(), 201);
  if (reached('submitted')) await step('officer', code, 'POST', `${path}/submit`, {}, 202);
  if (reached('at-co-chairs')) await step('secretariat', code, 'POST', `${path}/secretariat-decision`, { decision: 'approve' }, 202);
  if (reached('at-nctc')) await step('co-chair', code, 'POST', `${path}/co-chairs-decision`, { decision: 'approve' }, 202);
  if (reached('published')) await step('admin', code, 'POST', `${path}/nctc-decision`, anNctcApproval(), 202);
  return { code, period };
};

interface Prepared {
  params: Record<string, string>;
  body?: unknown;
}
const BODIES: Record<string, unknown> = {
  'POST /county-plans/:code/versions': aCountyPlan(),
  'PUT /county-plans/:code/versions/:version': aCountyPlan({ title: 'Amended in the authorisation test' }),
  'POST /county-plans/:code/versions/:version/secretariat-review': { decision: 'endorse' },
  'POST /county-plans/:code/versions/:version/nctc-decision': anNctcApproval(),
  'POST /county-reports/:code/:period': aCountyReport(),
  'PUT /county-reports/:code/:period': aCountyReport({ summary: 'Amended in the authorisation test.' }),
  'POST /county-reports/:code/:period/secretariat-decision': { decision: 'approve' },
  'POST /county-reports/:code/:period/co-chairs-decision': { decision: 'approve' },
  'POST /county-reports/:code/:period/nctc-decision': anNctcApproval(),
  'POST /county-reports/:code/:period/revisions': { reason: 'A figure was wrong.' },
  'POST /organizations/:orgId/initiatives/:initiativeId': anInitiative(),
  'PUT /organizations/:orgId/initiatives/:initiativeId': anInitiative({ title: 'Amended in the authorisation test' }),
  'POST /organizations/:orgId/initiatives/:initiativeId/changes-requested': { reason: 'Name the wards.' },
};

/** A fresh initiative of the verified organisation, declared or not yet. */
const anInitiativeOfOrg = async (declared: boolean) => {
  const initiativeId = `authz-${nextInitiative++}`;
  if (declared) await step('partner', SHARED, 'POST', `/organizations/${ORG}/initiatives/${initiativeId}`, anInitiative(), 201);
  return { code: SHARED, orgId: ORG, initiativeId };
};
const PREPARE: Record<string, () => Promise<Prepared>> = {
  'POST /county-plans/:code/versions': async () => ({ params: await aPlanAt('none') }),
  'PUT /county-plans/:code/versions/:version': async () => ({ params: await aPlanAt('draft') }),
  'POST /county-plans/:code/versions/:version/submit': async () => ({ params: await aPlanAt('draft') }),
  'POST /county-plans/:code/versions/:version/secretariat-review': async () => ({ params: await aPlanAt('submitted') }),
  'POST /county-plans/:code/versions/:version/nctc-decision': async () => ({ params: await aPlanAt('endorsed') }),
  'POST /county-reports/:code/:period': async () => {
    const slot = slots.shift()!;
    return { params: slot };
  },
  'PUT /county-reports/:code/:period': async () => ({ params: await aReportAt('draft') }),
  'POST /county-reports/:code/:period/submit': async () => ({ params: await aReportAt('draft') }),
  'POST /county-reports/:code/:period/secretariat-decision': async () => ({ params: await aReportAt('submitted') }),
  'POST /county-reports/:code/:period/co-chairs-decision': async () => ({ params: await aReportAt('at-co-chairs') }),
  'POST /county-reports/:code/:period/nctc-decision': async () => ({ params: await aReportAt('at-nctc') }),
  'POST /county-reports/:code/:period/revisions': async () => ({ params: await aReportAt('published') }),
  'POST /organizations/:orgId/initiatives/:initiativeId': async () => ({ params: await anInitiativeOfOrg(false) }),
  'PUT /organizations/:orgId/initiatives/:initiativeId': async () => ({ params: await anInitiativeOfOrg(true) }),
  'POST /organizations/:orgId/initiatives/:initiativeId/close': async () => ({ params: await anInitiativeOfOrg(true) }),
  'POST /organizations/:orgId/initiatives/:initiativeId/feature': async () => ({ params: await anInitiativeOfOrg(true) }),
  'POST /organizations/:orgId/initiatives/:initiativeId/changes-requested': async () => ({ params: await anInitiativeOfOrg(true) }),
};

/** The organisation registered and verified through registration's API; county-plans learns it from the events. */
const verifyOrganization = async () => {
  const registration = async (persona: string, method: string, path: string, body: unknown) => {
    const token = await tokenOf(persona, SHARED);
    const response = await callApi(platform.urls.registration, method, path, { token: token!, body });
    if (response.status >= 300) throw new Error(`fixture ${persona} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };
  await registration('partner', 'POST', '/organizations', anOrganizationProfile());
  await registration('partner', 'POST', `/organizations/${ORG}/submit`, {});
  const verified = await registration('admin', 'POST', `/organizations/${ORG}/verify`, {});
  await platform.caughtUp(BigInt(verified.body.position));
};

/** One awarded partnership through the proposals API (demo users' tokens), so the IATI file has an activity to answer with. */
let clockOffsetMs = 0;
const anAward = async () => {
  const demoTokens = new Map<string, string>();
  const { position } = await awardAPartnership(
    {
      request: async (service, user, method, path, body) => {
        if (user && !demoTokens.has(user)) demoTokens.set(user, await passwordToken(platform.urls.issuer, user));
        return callApi(platform.urls[service], method, path, { ...(user ? { token: demoTokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
      },
      moveClock: (days) => {
        clockOffsetMs = days * 86_400_000;
      },
    },
    // An organisation of its own (the matrix's Amani is registered by a persona the demo user is not).
    { callId: 'authz-award', applicant: { user: 'partner3', organizationId: 'kisumu-dialogue', name: 'Kisumu Interfaith Dialogue' }, counties: ['042'] },
  );
  await platform.caughtUp(BigInt(position));
};

let shared: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-county-plans-authz-'));
  platform = await startEmbeddedPlatform({ dataDir, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined });
  await aPlanAt('published', SHARED);
  for (const code of REPORTING) await aPlanAt('published', code);
  const report = await aReportAt('published', { code: SHARED, period: startedQuarters()[0]! });
  await verifyOrganization();
  await anAward();
  const initiative = await anInitiativeOfOrg(true);
  shared = { code: SHARED, version: '1', period: report.period, orgId: ORG, initiativeId: initiative.initiativeId };
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const fill = (route: string, params: Record<string, string>) => route.replace(/:(\w+)/g, (_, name: string) => params[name] ?? `:${name}`);

describe('the county-plans authorisation matrix (services/county-plans/README.md)', () => {
  it('names every route the service exposes, and only those', async () => {
    const openapi = (await callApi(platform.urls.countyPlans, 'GET', '/openapi.json')).body;
    const exposed = exposedRoutes(openapi).filter((r) => !/ \/(healthz|readyz|metrics|openapi\.json)$/.test(r));
    expect(matrix.rows.map((r) => r.route).sort()).toEqual(exposed.sort());
    expect(matrix.personas).toEqual(PERSONAS);
  });

  for (const row of matrix.rows) {
    const [method, route] = row.route.split(' ') as [string, string];
    for (const persona of PERSONAS) {
      const expected = row.expected[persona]!;
      it(`${row.route} as ${persona} → ${expected === 'refused' ? (persona === 'anonymous' ? 401 : 403) : expected}`, async () => {
        if (expected === 'refused') {
          const response = await send(persona, shared.code!, method, fill(route, shared), BODIES[row.route] ?? (method === 'GET' ? undefined : {}));
          const status = persona === 'anonymous' ? 401 : 403;
          expect({ status: response.status, type: response.body?.type }).toEqual({ status, type: `${PROBLEM}${status === 401 ? 'unauthorized' : 'forbidden'}` });
          return;
        }
        const prepared = method === 'GET' ? { params: shared } : await PREPARE[row.route]!();
        const response = await send(persona, prepared.params.code!, method, fill(route, prepared.params), BODIES[row.route] ?? (method === 'GET' ? undefined : {}));
        expect({ status: response.status, body: response.status === expected ? 'as expected' : response.body }).toEqual({ status: expected, body: 'as expected' });
      });
    }
  }
});
