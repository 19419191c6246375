import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { anOrganizationProfile as aProfile } from '@csm/testkit';
import { exposedRoutes, readMatrix } from './support/readme-matrix';

/**
 * The authorisation matrix of services/registration/README.md, read from the README and checked
 * request by request with the exact status of every cell. Each allowed request gets a fresh
 * organisation (its own admin partner) brought to the state the request needs, so a 400, 404 or
 * 409 never passes for "allowed". Refused requests must be refused by the access check, before
 * validation or any rule.
 */
jest.setTimeout(120_000);

const README = join(__dirname, '../../registration/README.md');
const matrix = readMatrix(README);
const PROBLEM = 'https://csm.go.ke/problems/';
/** Demo users for the fixed personas; the organisation's own partners are made per case. */
const DEMO: Record<string, string | undefined> = { admin: 'admin', auditor: 'auditor', reviewer: 'reviewer', county: 'county', donor: 'donor', anonymous: undefined };
const PERSONAS = ['admin', 'auditor', 'own org', 'other org', 'not a member', 'reviewer', 'county', 'donor', 'anonymous'];

type State = 'unregistered' | 'draft' | 'submitted' | 'information-requested' | 'verified' | 'suspended';
/** The state each route's allowed request needs; reads and refusals take a verified organisation. */
const STATE: Record<string, State> = {
  'POST /organizations': 'unregistered',
  'PUT /organizations/:id/profile': 'draft',
  'POST /organizations/:id/submit': 'draft',
  'POST /organizations/:id/request-information': 'submitted',
  'POST /organizations/:id/resubmit': 'information-requested',
  'POST /organizations/:id/verify': 'submitted',
  'POST /organizations/:id/reject': 'submitted',
  'POST /organizations/:id/reinstate': 'suspended',
};
const BODIES: Record<string, unknown> = {
  'POST /organizations': aProfile(),
  'PUT /organizations/:id/profile': aProfile({ mandate: 'Mentorship, livelihoods and family support for young people at risk in coastal Kenya.' }),
  'POST /organizations/:id/request-information': { message: 'Please attach the registration certificate.' },
  'POST /organizations/:id/reject': { reason: 'Registration number not found' },
  'POST /organizations/:id/suspend': { reason: 'Under investigation by the NGO Board' },
  'POST /organizations/:id/reinstate': { reason: 'Cleared by the NGO Board' },
  'POST /organizations/:id/members': { username: 'new-member', role: 'member' },
  'POST /personal-data/erasures': { email: 'programmes@amani.example', reason: 'The person asked to be forgotten' },
};

let dataDir: string;
let platform: EmbeddedPlatform;
const demoTokens = new Map<string, string>();
let fixtures = 0;

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  callApi(platform.urls.registration, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });

/** A fresh organisation in `state`, registered by its own admin partner, with one plain member. */
const anOrganizationIn = async (state: State) => {
  const n = ++fixtures;
  const id = `matrix-org-${n}`;
  const own = await platform.signPartnerToken(id, `matrix-admin-${n}`);
  const step = async (token: string, method: string, path: string, body: unknown, status: number) => {
    const response = await send(method, path, token, body);
    if (response.status !== status) throw new Error(`fixture ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    await platform.caughtUp(BigInt(response.body.position));
  };
  const admin = demoTokens.get('admin')!;
  if (state !== 'unregistered') {
    await step(own, 'POST', '/organizations', aProfile({ name: `Matrix organisation ${n}` }), 201);
    await step(own, 'POST', `/organizations/${id}/members`, { username: `matrix-member-${n}`, role: 'member' }, 202);
  }
  const path: [string, string, unknown][] = [];
  if (['submitted', 'information-requested', 'verified', 'suspended'].includes(state)) path.push([own, `/organizations/${id}/submit`, {}]);
  if (state === 'information-requested') path.push([admin, `/organizations/${id}/request-information`, { message: 'Please attach the certificate.' }]);
  if (state === 'verified' || state === 'suspended') path.push([admin, `/organizations/${id}/verify`, {}]);
  if (state === 'suspended') path.push([admin, `/organizations/${id}/suspend`, { reason: 'Under investigation' }]);
  for (const [token, stepPath, body] of path) await step(token, 'POST', stepPath, body, 202);
  return { id, own, member: `matrix-member-${n}` };
};

let erasedSubject = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-authz-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  for (const [persona, user] of Object.entries(DEMO)) if (user) demoTokens.set(persona, await passwordToken(platform.urls.issuer, user));
  demoTokens.set('other org', await passwordToken(platform.urls.issuer, 'partner2'));
  const other = await send('POST', '/organizations', demoTokens.get('other org'), aProfile({ name: 'Pwani Peace Network' }));
  expect(other.status).toBe(201);
  await platform.caughtUp(BigInt(other.body.position));
  // An erasure on record, so the auditors' history of one data subject has something to show.
  const erasure = await send('POST', '/personal-data/erasures', demoTokens.get('admin'), { email: 'forgotten@amani.example', reason: 'The person asked to be forgotten' });
  expect(erasure.status).toBe(202);
  erasedSubject = platform.subjectIds.forEmail('forgotten@amani.example');
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('has a column for every persona and a row for every route the service exposes', async () => {
  expect(matrix.personas).toEqual(PERSONAS);
  const openapi = (await callApi(platform.urls.registration, 'GET', '/openapi.json')).body;
  expect(matrix.rows.map((r) => r.route).sort()).toEqual(exposedRoutes(openapi).sort());
});

const cases = matrix.rows.flatMap(({ route, expected }) => PERSONAS.map((persona) => [route, persona, expected[persona]!] as const));

it.each(cases)('%s as %s: %s', async (route, persona, expected) => {
  const [method, template] = route.split(' ') as [string, string];
  const allowed = expected !== 'refused';
  const organization = await anOrganizationIn(allowed ? (STATE[route] ?? 'verified') : 'verified');
  // Registering is for the caller's own organisation: "other org" registers one of its own too.
  const token =
    persona === 'own org'
      ? organization.own
      : persona === 'not a member'
        ? await platform.signPartnerToken(organization.id, `stranger-${fixtures}`)
        : persona === 'other org' && route === 'POST /organizations'
          ? await platform.signPartnerToken(`matrix-other-${fixtures}`, `matrix-other-admin-${fixtures}`)
          : demoTokens.get(persona);
  const path = template.replace(':id', organization.id).replace(':username', organization.member).replace(':subjectKeyId', erasedSubject);
  const body = method === 'GET' || method === 'DELETE' ? undefined : (BODIES[route] ?? {});
  const response = await send(method, path, token, body);
  if (allowed) {
    expect({ status: response.status, body: response.body }).toEqual({ status: expected, body: expect.anything() });
    return;
  }
  const refusal = persona === 'anonymous' ? 'unauthorized' : persona === 'not a member' ? 'organization.not-a-member' : 'forbidden';
  expect({ status: response.status, type: response.body?.type }).toEqual({ status: persona === 'anonymous' ? 401 : 403, type: `${PROBLEM}${refusal}` });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
});
