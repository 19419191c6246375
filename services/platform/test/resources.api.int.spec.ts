import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aLibraryGuide, openApiConformance, runLibraryPath } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(120_000);

/**
 * The library's whole path through HTTP on the embedded platform (libs/testkit/src/library-path.ts),
 * with real tokens from the embedded issuer (password grant for the demo users): submit → changes
 * asked → resubmitted → published → found in English and Kiswahili → in the feed → a new version
 * → retired. Every answer is checked against the service's OpenAPI document.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
let conformance: ReturnType<typeof openApiConformance>;
const tokens = new Map<string, string>();
const PROBLEM = 'https://csm.go.ke/problems/';

const call = async (base: string, user: string | undefined, method: string, path: string, body?: unknown) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return callApi(base, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
};
const request = async (user: string | undefined, method: string, path: string, body?: unknown) => {
  const answer = await call(platform.urls.resources, user, method, path, body);
  conformance.check(method, path, answer);
  return answer;
};
const registration = (user: string | undefined, method: string, path: string, body?: unknown) => call(platform.urls.registration, user, method, path, body);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-resources-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  conformance = openApiConformance((await callApi(platform.urls.resources, 'GET', '/openapi.json')).body);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the library on the embedded platform', () => {
  it('takes an item from submission through changes, publication, search in both languages, the feed, a new version and retirement', async () => {
    await runLibraryPath({ request, registration });
    expect(conformance.violations).toEqual([]);
    expect(conformance.checked.size).toBeGreaterThan(20);
  });

  it('reads a name a plain object inherits as an item id like any other: absent until submitted, then its own', async () => {
    for (const path of ['/resources/constructor', '/resources/__proto__', '/resources/toString']) {
      const response = await request(undefined, 'GET', path);
      expect({ status: response.status, type: response.body.type }).toEqual({ status: 404, type: `${PROBLEM}not-found` });
    }
    const head = await platform.store.headPosition();
    expect((await request('county', 'GET', '/resources/constructor/editorial')).status).toBe(404);
    expect((await request('admin', 'POST', '/resources/constructor/publish', {})).status).toBe(404);
    expect(await platform.store.headPosition()).toBe(head);
    const submitted = await request('county', 'POST', '/resources/constructor', aLibraryGuide({ title: 'Building peace committees, step by step' }));
    expect(submitted.status).toBe(201);
    await platform.caughtUp(BigInt(submitted.body.position));
    const read = await request('county', 'GET', '/resources/constructor/editorial');
    expect({ status: read.status, id: read.body.resourceId, title: read.body.pending.title }).toEqual({ status: 200, id: 'constructor', title: 'Building peace committees, step by step' });
    expect(conformance.violations).toEqual([]);
  });

  it('rejects with a reason; a rejected item is not revised', async () => {
    const item = '/resources/an-item-out-of-scope';
    const expectStatus = async (status: number, user: string, method: string, path: string, body: unknown = {}) => {
      const response = await request(user, method, path, body);
      expect({ status: response.status, type: response.body?.type }).toEqual({ status, type: status < 300 ? undefined : expect.stringMatching(new RegExp(`^${PROBLEM}`)) });
      if (response.body?.position) await platform.caughtUp(BigInt(response.body.position));
      return response;
    };
    await expectStatus(201, 'county', 'POST', item, aLibraryGuide({ title: 'A leaflet for a private event' }));
    await expectStatus(202, 'admin', 'POST', `${item}/reject`, { reason: 'Not about preventing violent extremism.' });
    const read = await request('county', 'GET', `${item}/editorial`);
    expect({ status: read.body.status, decision: read.body.lastDecision.decision, reason: read.body.lastDecision.reason }).toEqual({ status: 'rejected', decision: 'rejected', reason: 'Not about preventing violent extremism.' });
    expect((await expectStatus(409, 'county', 'PUT', item, aLibraryGuide())).body.type).toBe(`${PROBLEM}resource.rejected`);
    expect((await expectStatus(409, 'admin', 'POST', `${item}/retire`, { reason: 'Nothing to retire.' })).body.type).toBe(`${PROBLEM}resource.not-published`);
    expect(conformance.violations).toEqual([]);
  });
});
