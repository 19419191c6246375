import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aCountyPlan, anOrganizationProfile, openApiConformance } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(120_000);

/**
 * A county officer builds a plan an item at a time (what the portal's plan pages do): a draft
 * may hold a pillar without priorities; only a complete version is submitted. And the verified
 * organisations the service knows, that a plan action's lead and partners are chosen from.
 * Through HTTP on the embedded platform, real tokens, answers checked against the OpenAPI document.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
let conformance: ReturnType<typeof openApiConformance>;
const tokens = new Map<string, string>();
const PROBLEM = 'https://csm.go.ke/problems/';
const call = async (service: 'countyPlans' | 'registration', user: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  const answer = await callApi(platform.urls[service], method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  if (service === 'countyPlans') conformance.check(method, path, answer);
  return answer;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-county-plan-drafts-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  conformance = openApiConformance((await callApi(platform.urls.countyPlans, 'GET', '/openapi.json')).body);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('drafts a plan with an empty pillar, refuses to submit it until it is complete', async () => {
  const complete = aCountyPlan();
  const started = { ...complete, pillars: [{ pillarId: complete.pillars[0]!.pillarId, priorities: [] }] };
  const drafted = await call('countyPlans', 'county', 'POST', '/county-plans/001/versions', started);
  expect(drafted.status).toBe(201);
  const read = await call('countyPlans', 'county', 'GET', '/county-plans/001/versions/1', undefined);
  expect({ status: read.status, pillars: read.body.plan.pillars }).toEqual({ status: 200, pillars: started.pillars });

  const refused = await call('countyPlans', 'county', 'POST', '/county-plans/001/versions/1/submit', {});
  expect({ status: refused.status, type: refused.body.type, title: refused.body.title }).toEqual({
    status: 422,
    type: `${PROBLEM}county-plan.incomplete`,
    title: 'The plan is not complete: pillars.0.priorities: Too small: expected array to have >=1 items',
  });
  // Nothing recorded: the version is still a draft.
  expect((await call('countyPlans', 'county', 'GET', '/county-plans/001/versions/1', undefined)).body.status).toBe('draft');

  // Every other rule holds on each save: a stale If-Match, an unknown pillar.
  const stale = await call('countyPlans', 'county', 'PUT', '/county-plans/001/versions/1', complete, { 'if-match': '"7"' });
  expect(stale.status).toBe(412);
  const unknown = await call('countyPlans', 'county', 'PUT', '/county-plans/001/versions/1', { ...started, pillars: [{ pillarId: 'gardening', priorities: [] }] }, { 'if-match': drafted.headers.get('etag')! });
  expect({ status: unknown.status, errors: unknown.body.errors }).toEqual({ status: 400, errors: [{ path: 'pillars.0.pillarId', message: 'not a pillar of nscve-2016 nor one the county added' }] });

  const amended = await call('countyPlans', 'county', 'PUT', '/county-plans/001/versions/1', complete, { 'if-match': drafted.headers.get('etag')! });
  expect({ status: amended.status, body: amended.status === 202 ? 'ok' : amended.body }).toEqual({ status: 202, body: 'ok' });
  expect((await call('countyPlans', 'county', 'POST', '/county-plans/001/versions/1/submit', {})).status).toBe(202);
});

it('lists the verified organisations it knows, and only those', async () => {
  const empty = await call('countyPlans', undefined, 'GET', '/organizations');
  expect({ status: empty.status, body: empty.body }).toEqual({ status: 200, body: { items: [] } });
  const registered = await call('registration', 'partner', 'POST', '/organizations', anOrganizationProfile());
  expect(registered.status).toBe(201);
  const orgId = 'amani-youth'; // the demo partner's organisation (the token's org_id)
  expect((await call('registration', 'partner', 'POST', `/organizations/${orgId}/submit`, {})).status).toBe(202);
  const notYet = await call('countyPlans', undefined, 'GET', '/organizations', undefined);
  expect(notYet.body).toEqual({ items: [] });
  const verified = await call('registration', 'admin', 'POST', `/organizations/${orgId}/verify`, {});
  expect(verified.status).toBe(202);
  const listed = await call('countyPlans', undefined, 'GET', `/organizations?minPosition=${verified.body.position}`);
  expect(listed.body).toEqual({ items: [{ organizationId: orgId, name: 'Amani Youth Initiative', type: 'community-based' }] });
});
