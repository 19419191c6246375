import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiConformance, runCountyPlanPath, runInitiativePath } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(120_000);

/**
 * The county-plans path through HTTP on the embedded platform, with real tokens from the
 * embedded issuer (password grant for the demo users): the plan's approval and the quarterly
 * report's three levels, with exact statuses and bodies (libs/testkit/src/county-plan-path.ts).
 * Every answer is also checked against the service's OpenAPI document.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
let conformance: ReturnType<typeof openApiConformance>;
const tokens = new Map<string, string>();
const request = async (user: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  const answer = await callApi(platform.urls.countyPlans, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  conformance.check(method, path, answer);
  return answer;
};
const registration = async (user: string | undefined, method: string, path: string, body?: unknown) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return callApi(platform.urls.registration, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-county-plans-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  conformance = openApiConformance((await callApi(platform.urls.countyPlans, 'GET', '/openapi.json')).body);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('county plans on the embedded platform', () => {
  it('runs a plan from draft to publication and a quarterly report up three levels to publication', async () => {
    await runCountyPlanPath({ request });
    expect(conformance.violations).toEqual([]);
    expect(conformance.checked.size).toBeGreaterThan(30);
  });

  it('lets verified organisations declare initiatives, the NCTC feature them or ask for changes, and the public read who does what where', async () => {
    await runInitiativePath({ request, registration });
    expect(conformance.violations).toEqual([]);
  });

  it('answers 404 for a county code outside 001–047 and a period that is not a quarter', async () => {
    expect((await request(undefined, 'GET', '/county-plans/048')).status).toBe(404);
    expect((await request('county', 'GET', '/county-reports/001/2026-Q5')).status).toBe(404);
  });

  it('refuses a county officer whose token names no county', async () => {
    const token = await platform.signUserToken({ username: 'countyless', roles: ['county-officer'] });
    const response = await callApi(platform.urls.countyPlans, 'POST', '/county-plans/003/versions', { token, body: {} });
    expect({ status: response.status, type: response.body.type }).toEqual({ status: 403, type: 'https://csm.go.ke/problems/forbidden' });
  });

  it('publishes its OpenAPI document with every route', async () => {
    const openapi = await request(undefined, 'GET', '/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/county-plans', '/county-plans/{code}', '/county-plans/{code}/versions', '/county-reports/{code}/{period}', '/county-reports/{code}/{period}/nctc-decision', '/review-queue']),
    );
  });
});
