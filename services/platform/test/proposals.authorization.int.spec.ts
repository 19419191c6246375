import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { aCallDetails, aFullProposal, anOrganizationProfile, inDays } from '@csm/testkit';

jest.setTimeout(120_000);

/**
 * The proposals authorisation matrix is the table in services/proposals/README.md: this test
 * reads it and sends every request in it, as every persona, against a proposal that has reached
 * assessment (so panel membership is really checked).
 */
const README = join(__dirname, '../../proposals/README.md');
const PERSONAS: Record<string, string | undefined> = {
  admin: 'admin',
  panel: 'reviewer',
  'not panel': 'reviewer2',
  'own org': 'partner',
  'other org': 'partner3',
  donor: 'donor',
  auditor: 'auditor',
  county: 'county',
  anonymous: undefined,
};
const ACCESS_REFUSALS = ['https://csm.go.ke/problems/forbidden', 'https://csm.go.ke/problems/proposal.reviewer-not-assigned'];

const readMatrix = () => {
  const lines = readFileSync(README, 'utf8').split('\n');
  const headerAt = lines.findIndex((l) => l.startsWith('| route |'));
  const personas = lines[headerAt]!.split('|').slice(2, -1).map((c) => c.trim());
  const rows = lines
    .slice(headerAt + 2)
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const cells = l.split('|').slice(1, -1).map((c) => c.trim());
      return { route: cells[0]!.replace(/`/g, ''), allowed: Object.fromEntries(personas.map((p, i) => [p, cells[i + 1] === '✓'])) };
    });
  return { personas, rows };
};
const matrix = readMatrix();

let dataDir: string;
let platform: EmbeddedPlatform;
let clockOffsetMs = 0;
const tokens = new Map<string, string>();
const api = async (method: string, path: string, user?: string, body?: unknown) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return callApi(platform.urls.proposals, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
};
const SCORES = { scores: [{ criterionId: 'relevance', score: 5, comment: 'Adequate' }, { criterionId: 'feasibility', score: 6, comment: 'Adequate' }] };
/** Valid bodies where the refusal is decided after validation (panel membership). */
const BODIES: Record<string, unknown> = {
  'POST /proposals/:ref/:orgId/conflict-declaration': { conflict: false },
  'PUT /proposals/:ref/:orgId/score-sheet': SCORES,
  'POST /proposals/:ref/:orgId/score-sheet/lock': SCORES,
  'POST /proposals/:ref/:orgId/legal-ethical-check': {
    items: ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'].map((item) => ({ item, score: 3, passed: true, note: 'No concerns' })),
  },
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-proposals-authz-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined });
  const registration = async (method: string, path: string, user: string, body: unknown) => {
    if (!tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
    return callApi(platform.urls.registration, method, path, { token: tokens.get(user)!, body });
  };
  for (const [user, org] of [['partner', 'amani-youth'], ['partner3', 'kisumu-dialogue']] as const) {
    expect((await registration('POST', '/organizations', user, anOrganizationProfile())).status).toBe(201);
    expect((await registration('POST', `/organizations/${org}/submit`, user, {})).status).toBe(202);
    expect((await registration('POST', `/organizations/${org}/verify`, 'admin', {})).status).toBe(202);
  }
  const steps: [string, string, string, unknown][] = [
    ['POST', '/calls', 'admin', { callId: 'matrix-call', details: aCallDetails() }],
    ['POST', '/calls/matrix-call/publish', 'admin', {}],
    ['POST', '/calls/matrix-call/concept-notes', 'partner', { title: 'Mentors for Likoni', summary: 'Peer mentorship and vocational training for young people at risk in Likoni.', counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 12 }],
    ['POST', '/solutions', 'partner', { solutionId: 'mentors-plus', solution: { title: 'Mentors plus', description: 'Mentorship for young people returning from armed groups, with their families and teachers.', counties: ['001'], pillars: ['psychosocial'], estimatedBudget: { currency: 'KES', amount: 2_000_000 } } }],
  ];
  for (const [method, path, user, body] of steps) expect((await api(method, path, user, body)).status).toBeLessThan(300);
  clockOffsetMs = 25 * 86_400_000;
  expect((await api('POST', '/calls/matrix-call/close', 'admin', {})).status).toBe(202);
  const shortlisted = await api('POST', '/calls/matrix-call/concept-notes/amani-youth/shortlist', 'admin', { fullProposalDeadline: inDays(30) });
  expect(shortlisted.status).toBe(202);
  await platform.caughtUp(BigInt(shortlisted.body.position));
  expect((await api('POST', '/proposals/matrix-call/amani-youth/full-proposal', 'partner', aFullProposal())).status).toBe(201);
  clockOffsetMs = 31 * 86_400_000;
  const screened = await api('POST', '/proposals/matrix-call/amani-youth/screening', 'admin', {});
  expect(screened.status).toBe(202);
  await platform.caughtUp(BigInt(screened.body.position));
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('has a column for every persona and a row for every route the service exposes', async () => {
  expect(matrix.personas).toEqual(Object.keys(PERSONAS));
  const openapi = (await api('GET', '/openapi.json')).body as { paths: Record<string, object> };
  const exposed = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
  expect(matrix.rows.map((r) => r.route).sort()).toEqual(exposed.sort());
});

const cases = matrix.rows.flatMap((row) => Object.keys(PERSONAS).map((persona) => [row.route, persona, row.allowed[persona]!] as const));

it.each(cases)('%s as %s: allowed=%s', async (routeName, persona, allowed) => {
  const [method, template] = routeName.split(' ') as [string, string];
  const path = template.replace(':id', 'matrix-call').replace(':ref', 'matrix-call').replace(':orgId', 'amani-youth').replace(':questionId', 'nope').replace(':solutionId', 'mentors-plus');
  const user = PERSONAS[persona];
  const response = await api(method, path, user, method === 'GET' ? undefined : (BODIES[routeName] ?? {}));
  const accessRefused = response.status === 401 || (response.status === 403 && ACCESS_REFUSALS.includes(response.body?.type));
  if (allowed) expect({ status: response.status, type: response.body?.type, accessRefused }).toEqual(expect.objectContaining({ accessRefused: false }));
  else {
    expect(response.status).toBe(user === undefined ? 401 : 403);
    expect(accessRefused).toBe(true);
  }
});
