import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { anOrganizationProfile as aProfile } from '@csm/testkit';

/**
 * The authorisation matrix of the service README, checked request by request. `partner` belongs
 * to amani-youth (the organisation in every path); `partner2` is a partner of another
 * organisation. A user outside a route's column must get 401 (anonymous) or 403, whatever the
 * body; a user inside must never get 401/403 from the access check.
 */
jest.setTimeout(60_000);

type User = 'anonymous' | 'admin' | 'reviewer' | 'county' | 'partner' | 'partner2' | 'auditor' | 'donor';
const USERS: User[] = ['anonymous', 'admin', 'reviewer', 'county', 'partner', 'partner2', 'auditor', 'donor'];
const EVERYONE = USERS;

const MATRIX: { route: string; allowed: readonly User[] }[] = [
  { route: 'POST /organizations', allowed: ['partner', 'partner2'] },
  { route: 'GET /organizations', allowed: ['admin', 'auditor'] },
  { route: 'GET /organizations/:id', allowed: ['admin', 'auditor', 'partner'] },
  { route: 'PUT /organizations/:id/profile', allowed: ['partner'] },
  { route: 'POST /organizations/:id/submit', allowed: ['partner'] },
  { route: 'POST /organizations/:id/request-information', allowed: ['admin'] },
  { route: 'POST /organizations/:id/resubmit', allowed: ['partner'] },
  { route: 'POST /organizations/:id/verify', allowed: ['admin'] },
  { route: 'POST /organizations/:id/reject', allowed: ['admin'] },
  { route: 'POST /organizations/:id/suspend', allowed: ['admin'] },
  { route: 'POST /organizations/:id/reinstate', allowed: ['admin'] },
  { route: 'POST /organizations/:id/members', allowed: ['partner'] },
  { route: 'DELETE /organizations/:id/members/:username', allowed: ['partner'] },
  { route: 'GET /organizations/:id/history', allowed: ['auditor'] },
  { route: 'POST /personal-data/erasures', allowed: ['admin'] },
  { route: 'GET /personal-data/subjects/:subjectKeyId/history', allowed: ['auditor'] },
  { route: 'GET /directory', allowed: EVERYONE },
  { route: 'GET /directory/:id', allowed: EVERYONE },
];

let dataDir: string;
let platform: EmbeddedPlatform;
const tokens: Partial<Record<User, string>> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-authz-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, log: () => undefined });
  for (const user of USERS.filter((u) => u !== 'anonymous')) tokens[user] = await passwordToken(platform.urls.issuer, user);
  const created = await callApi(platform.urls.registration, 'POST', '/organizations', { token: tokens.partner!, body: aProfile() });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('covers every route the service exposes', async () => {
  const openapi = (await callApi(platform.urls.registration, 'GET', '/openapi.json')).body as { paths: Record<string, object> };
  const exposed = Object.entries(openapi.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
  expect(exposed.sort()).toEqual(MATRIX.map((m) => m.route).sort());
});

const requests = MATRIX.flatMap(({ route, allowed }) => USERS.map((user) => [route, user, allowed.includes(user)] as const));

it.each(requests)('%s as %s: allowed=%s', async (route, user, allowed) => {
  const [method, pathTemplate] = route.split(' ') as [string, string];
  const path = pathTemplate.replace(':id', 'amani-youth').replace(':username', 'nobody-at-all');
  // An empty body: refused requests must be refused before validation; allowed ones may get 400.
  const response = await callApi(platform.urls.registration, method, path, {
    ...(tokens[user] ? { token: tokens[user] } : {}),
    ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
  });
  if (allowed) {
    expect([401, 403]).not.toContain(response.status);
  } else {
    expect(response.status).toBe(user === 'anonymous' ? 401 : 403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  }
});
