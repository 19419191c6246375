import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPortalApp } from '@csm/portal';
import { aCountyPlan, aCountyReport, anInitiative, anNctcApproval, anOrganizationProfile, thisYear } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(120_000);

/**
 * Do no harm (issue 10): a test that tries to reach a sensitive item through every public route
 * and export. Mombasa publishes a plan with sensitive actions (one of them, and everything about
 * it, carries the marker "Quillfeather") and a report on them, approved through the three levels;
 * Amani Youth declares a sensitive initiative (marked too) and a public one that contributes to
 * the sensitive action. Then every anonymous GET route of the county-plans OpenAPI document —
 * read at runtime, so routes added later (`/map`, `/open-data/*`, `/counties/:code/trace`) are
 * tried without editing this test — and every GET page of the portal's public app (its router,
 * read at runtime too) is requested anonymously with its path parameters filled with the real
 * county, period, version, organisation and initiatives; no body may contain a marker. A path
 * parameter this test cannot fill fails it, naming the route: whoever adds one decides its value.
 */
const MARKER = /quillfeather|youth fisheries cooperatives/i;
const COUNTY = '001';
const PERIOD = `${thisYear() - 1}-Q2`;
const ORG = 'amani-youth';
const SENSITIVE_INITIATIVE = 'quillfeather-returnees';
const PUBLIC_INITIATIVE = 'likoni-circles';

/** What each path parameter can be: every value is tried. */
const PARAMETER_VALUES: ReadonlyMap<string, readonly string[]> = new Map([
  ['code', [COUNTY]],
  ['version', ['1']],
  ['period', [PERIOD]],
  ['orgId', [ORG]],
  ['initiativeId', [SENSITIVE_INITIATIVE, PUBLIC_INITIATIVE]],
  // The portal's language switch.
  ['lang', ['en', 'sw']],
  // The portal's public directory (an organisation) and calls (none here: a 404 page, still read).
  ['id', [ORG]],
  // The portal's library item page (no item here: a 404 page, still read).
  ['resourceId', ['no-such-item']],
]);
/** Query parameters a route may filter on, all set at once in a second request of each route. */
const QUERY_VALUES: ReadonlyMap<string, string> = new Map([
  ['period', PERIOD],
  ['county', COUNTY],
  ['organization', ORG],
  ['pillar', 'psychosocial'],
  ['from', `${thisYear() - 2}-01-01`],
  ['to', `${thisYear() + 1}-12-31`],
]);

const quillfeatherAction = {
  id: 'quillfeather-reintegration',
  title: 'Quillfeather returnee reintegration circles',
  description: 'Quillfeather: counselling for returnees in their families.',
  lead: { name: 'Quillfeather Counselling Trust' },
  partners: [{ name: 'Quillfeather Family Network' }],
  timeframe: { from: `${thisYear() - 2}-Q1`, to: `${thisYear() + 1}-Q4` },
  budgetKes: 2_000_000,
  sensitive: true,
  indicators: [{ id: 'quillfeather-families', name: 'Quillfeather families met', unit: 'count', baseline: 0, target: 40, frequency: 'quarterly' }],
};

/** Mombasa's plan with a second priority under psychosocial whose only action is the marked, sensitive one. */
const planWithSensitiveWork = () => {
  const plan = aCountyPlan();
  const psychosocial = plan.pillars.find((p) => p.pillarId === 'psychosocial')!;
  psychosocial.priorities.push({ id: 'quillfeather-priority', title: 'Quillfeather reintegration of returnees', actions: [quillfeatherAction as never] });
  return plan;
};

const reportOnSensitiveWork = () => {
  const report = aCountyReport();
  return {
    ...report,
    actions: [...report.actions, { actionId: quillfeatherAction.id, status: 'delayed', reason: 'Quillfeather families moved away.' }],
    indicators: [...report.indicators, { indicatorId: 'quillfeather-families', value: 3, narrative: 'Quillfeather: three families met, fewer than planned.' }],
  };
};

let dataDir: string;
let platform: EmbeddedPlatform;
let portal: Server;
let portalUrl: string;
let portalApp: ReturnType<typeof createPortalApp>;

const must = async (user: string, base: 'registration' | 'countyPlans', method: string, path: string, body: unknown) => {
  const answer = await callApi(platform.urls[base], method, path, { token: await passwordToken(platform.urls.issuer, user), body });
  if (answer.status >= 300) throw new Error(`fixture ${user} ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  if (answer.body?.position) await platform.caughtUp(BigInt(answer.body.position));
  return answer;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-public-routes-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  // The portal as it runs with sign-in (every journey mounted), visited by nobody signed in.
  portal = createServer();
  await new Promise((resolve) => portal.listen(0, '127.0.0.1', () => resolve(undefined)));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
  portalApp = createPortalApp({
    registrationUrl: platform.urls.registration,
    proposalsUrl: platform.urls.proposals,
    countyPlansUrl: platform.urls.countyPlans,
    resourcesUrl: platform.urls.resources,
    signIn: { issuer: platform.urls.issuer, clientId: 'csm-portal', portalUrl },
    log: () => undefined,
  });
  portal.on('request', portalApp);

  await must('partner', 'registration', 'POST', '/organizations', anOrganizationProfile({ name: 'Amani Youth Initiative' }));
  await must('partner', 'registration', 'POST', `/organizations/${ORG}/submit`, {});
  await must('admin', 'registration', 'POST', `/organizations/${ORG}/verify`, {});

  const plans = `/county-plans/${COUNTY}/versions`;
  await must('county', 'countyPlans', 'POST', plans, planWithSensitiveWork());
  await must('county', 'countyPlans', 'POST', `${plans}/1/submit`, {});
  await must('secretariat', 'countyPlans', 'POST', `${plans}/1/secretariat-review`, { decision: 'endorse' });
  await must('admin', 'countyPlans', 'POST', `${plans}/1/nctc-decision`, anNctcApproval());

  const report = `/county-reports/${COUNTY}/${PERIOD}`;
  await must('county', 'countyPlans', 'POST', report, reportOnSensitiveWork());
  await must('county', 'countyPlans', 'POST', `${report}/submit`, {});
  await must('secretariat', 'countyPlans', 'POST', `${report}/secretariat-decision`, { decision: 'approve' });
  await must('cochair', 'countyPlans', 'POST', `${report}/co-chairs-decision`, { decision: 'approve' });
  await must('admin', 'countyPlans', 'POST', `${report}/nctc-decision`, anNctcApproval());

  const initiatives = `/organizations/${ORG}/initiatives`;
  await must('partner', 'countyPlans', 'POST', `${initiatives}/${SENSITIVE_INITIATIVE}`, anInitiative({
    title: 'Quillfeather returnee family support',
    description: 'Quillfeather: home visits to the families of returnees in Likoni.',
    sensitive: true,
    planActions: [{ countyCode: COUNTY, actionId: quillfeatherAction.id }],
  }));
  // A public initiative that contributes to the sensitive action: the link must not name it.
  await must('partner', 'countyPlans', 'POST', `${initiatives}/${PUBLIC_INITIATIVE}`, anInitiative({
    planActions: [{ countyCode: COUNTY, actionId: 'mentorship-likoni' }, { countyCode: COUNTY, actionId: quillfeatherAction.id }],
  }));
});

afterAll(async () => {
  await new Promise((resolve) => (portal ? portal.close(resolve) : resolve(undefined)));
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A value for a parameter this test cannot fill, tried only to see that the route wants a signed-in person. */
const PLACEHOLDER = 'unfilled';

/**
 * Every concrete path of a template (`{code}` in OpenAPI, `:code` in express), and the parameters
 * nobody can fill. With `placeholder`, those get a placeholder value instead of no path at all.
 */
const concretePaths = (template: string, style: 'openapi' | 'express', placeholder = false): { paths: string[]; unfillable: string[] } => {
  const pattern = style === 'openapi' ? /\{([A-Za-z0-9_]+)\}/g : /:([A-Za-z0-9_]+)/g;
  const names = [...template.matchAll(pattern)].map((m) => m[1]!);
  const unfillable = names.filter((name) => !PARAMETER_VALUES.has(name));
  if (unfillable.length > 0 && !placeholder) return { paths: [], unfillable };
  let paths = [template];
  for (const name of names) {
    const token = style === 'openapi' ? `{${name}}` : `:${name}`;
    paths = paths.flatMap((path) => (PARAMETER_VALUES.get(name) ?? [PLACEHOLDER]).map((value) => path.replace(token, value)));
  }
  return { paths, unfillable };
};

interface Visit {
  url: string;
  status: number;
  location?: string;
  leaks: string[];
}
const visit = async (base: string, path: string, query: string[]): Promise<Visit[]> => {
  const filters = query.filter((name) => QUERY_VALUES.has(name)).map((name) => `${name}=${encodeURIComponent(QUERY_VALUES.get(name)!)}`);
  const urls = [`${base}${path}`, ...(filters.length > 0 ? [`${base}${path}?${filters.join('&')}`] : [])];
  return Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url, { redirect: 'manual', headers: { 'accept-language': 'en' } });
      // The request's own URL echoed back (a sign-in redirect names where to return) is not a leak.
      const own = url.slice(base.length);
      const body = (await response.text()).split(encodeURIComponent(own)).join('').split(own).join('');
      const leaks = [...body.matchAll(new RegExp(MARKER.source, 'gi'))].map((m) => body.slice(Math.max(0, m.index - 60), m.index + 60));
      const location = response.headers.get('location');
      return { url: url.slice(base.length), status: response.status, ...(location ? { location } : {}), leaks };
    }),
  );
};

interface OpenApiOperation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
}

describe('a sensitive item through every public route and export', () => {
  it('the staff read the sensitive work (the fixture is what the public must not see)', async () => {
    const staff = await callApi(platform.urls.countyPlans, 'GET', `/county-reports/${COUNTY}/${PERIOD}`, { token: await passwordToken(platform.urls.issuer, 'secretariat') });
    expect(JSON.stringify(staff.body)).toMatch(MARKER);
  });

  it('no anonymous GET route of the county-plans OpenAPI document answers a sensitive item', async () => {
    const document = (await (await fetch(`${platform.urls.countyPlans}/openapi.json`)).json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
    const visits: Visit[] = [];
    const unfillable: string[] = [];
    let anonymousRoutes = 0;
    for (const [template, operations] of Object.entries(document.paths)) {
      const get = operations.get;
      // Anonymous: the route declares no security requirement.
      if (!get || !Array.isArray(get.security) || get.security.length > 0) continue;
      anonymousRoutes++;
      const { paths, unfillable: missing } = concretePaths(template, 'openapi');
      unfillable.push(...missing.map((name) => `GET ${template}: {${name}}`));
      const query = (get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      for (const path of paths) visits.push(...(await visit(platform.urls.countyPlans, path, query)));
    }
    // Loudly: a route whose parameter this test cannot fill was not tried at all.
    expect(unfillable).toEqual([]);
    expect(anonymousRoutes).toBeGreaterThanOrEqual(8);
    expect(visits.filter((v) => v.status >= 500)).toEqual([]);
    // The public reads did reach the county's published work (a 404 everywhere would prove nothing).
    const plan = visits.find((v) => v.url === `/county-plans/${COUNTY}`);
    expect(plan?.status).toBe(200);
    expect(visits.filter((v) => v.leaks.length > 0)).toEqual([]);
  });

  it('no public page of the portal shows a sensitive item', async () => {
    const templates = portalGetRoutes(portalApp);
    expect(templates).toEqual(expect.arrayContaining(['/counties', '/counties/rollup', '/counties/:code']));
    const visits: Visit[] = [];
    const unfillable: string[] = [];
    for (const template of templates) {
      const { paths, unfillable: missing } = concretePaths(template, 'express', true);
      for (const path of paths) {
        const answers = await visit(portalUrl, path, [...QUERY_VALUES.keys()]);
        visits.push(...answers);
        // A page for signed-in people sends the anonymous visitor to sign in whatever the value;
        // a page that answers anyone needs real values, or it was not really tried: say which.
        if (missing.length > 0 && answers.some((a) => !(a.status === 303 && a.location?.startsWith('/signin')))) {
          unfillable.push(...missing.map((name) => `GET ${template}: :${name} (answers anonymous visitors)`));
        }
      }
    }
    expect(unfillable).toEqual([]);
    expect(visits.filter((v) => v.status >= 500)).toEqual([]);
    const county = visits.find((v) => v.url === `/counties/${COUNTY}`);
    expect(county?.status).toBe(200);
    expect(visits.filter((v) => v.leaks.length > 0)).toEqual([]);
  });
});

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every GET path the portal's express app routes (routers mounted without a prefix, as journeys are), read from the app itself. */
const portalGetRoutes = (app: ReturnType<typeof createPortalApp>): string[] => {
  const found = new Set<string>();
  const walk = (stack: RouterLayer[]) => {
    for (const layer of stack) {
      if (layer.route?.methods.get) for (const path of [layer.route.path].flat()) found.add(path);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack);
  return [...found].filter((path) => typeof path === 'string');
};
