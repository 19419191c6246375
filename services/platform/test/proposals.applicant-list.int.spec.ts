import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { aCallDetails, anOrganizationProfile, inDays } from '@csm/testkit';

jest.setTimeout(60_000);

/** `GET /applicants/:orgId/proposals`: an organisation's proposals in one read, as each reads alone. */
let dataDir: string;
let platform: EmbeddedPlatform;
const tokens = new Map<string, string>();
const PROBLEM = 'https://csm.go.ke/problems/';
const api = (method: string, path: string, user?: string, body?: unknown) =>
  callApi(platform.urls.proposals, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
const registration = (method: string, path: string, user: string, body?: unknown) => callApi(platform.urls.registration, method, path, { token: tokens.get(user)!, ...(body !== undefined ? { body } : {}) });
let lastPosition = '0';
const step = async (method: string, path: string, user: string, body: unknown, status: number) => {
  const response = await api(method, path, user, body);
  expect({ step: `${method} ${path}`, status: response.status }).toEqual({ step: `${method} ${path}`, status });
  if (response.body?.position) lastPosition = response.body.position;
  return response;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-applicant-list-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  for (const user of ['admin', 'partner', 'partner3']) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  for (const [user, name, id] of [['partner', 'Amani Youth Initiative', 'amani-youth'], ['partner3', 'Kisumu Interfaith Dialogue', 'kisumu-dialogue']] as const) {
    expect((await registration('POST', '/organizations', user, anOrganizationProfile({ name }))).status).toBe(201);
    expect((await registration('POST', `/organizations/${id}/submit`, user, {})).status).toBe(202);
    expect((await registration('POST', `/organizations/${id}/verify`, 'admin', {})).status).toBe(202);
  }
  await step('POST', '/calls', 'admin', { callId: 'coastal-youth', details: aCallDetails() }, 201);
  await step('POST', '/calls/coastal-youth/publish', 'admin', {}, 202);
  const note = { title: 'Mentors for Likoni', summary: 'Peer mentorship and vocational training for young people at risk in Likoni.', counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 2_000_000 }, durationMonths: 12 };
  await step('POST', '/calls/coastal-youth/concept-notes', 'partner', note, 201);
  const solution = { title: 'Families first', description: 'Support circles for families of young people drawn into violent extremist groups.', counties: ['001'], pillars: ['psychosocial'], estimatedBudget: { currency: 'KES', amount: 2_000_000 } };
  await step('POST', '/solutions', 'partner', { solutionId: 'families-first', solution }, 201);
  await platform.caughtUp(BigInt(lastPosition));
  await step(
    'POST',
    '/solutions/amani-youth/families-first/convert',
    'admin',
    { justification: 'No open call covers family support; the approach fills a gap in the County Action Plan.', fullProposalDeadline: inDays(30), reviewers: ['reviewer', 'reviewer2'] },
    201,
  );
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('an applicant’s proposals in one read', () => {
  it('lists every proposal of the organisation, calls and direct partnerships, exactly as each reads alone', async () => {
    const listed = await api('GET', `/applicants/amani-youth/proposals?minPosition=${lastPosition}`, 'partner');
    const alone = await Promise.all(['coastal-youth', 'direct-families-first'].map((ref) => api('GET', `/proposals/${ref}/amani-youth`, 'partner')));
    expect(alone.map((r) => r.status)).toEqual([200, 200]);
    expect({ status: listed.status, body: listed.body }).toEqual({ status: 200, body: { items: alone.map((r) => r.body).sort((a, b) => (a._id < b._id ? -1 : 1)) } });
    expect(listed.body.items.map((p: { _id: string; status: string }) => [p._id, p.status])).toEqual([
      ['coastal-youth.amani-youth', 'submitted'],
      ['direct-families-first.amani-youth', 'shortlisted'],
    ]);
  });

  it('lists nothing for an organisation with no proposal', async () => {
    const listed = await api('GET', `/applicants/kisumu-dialogue/proposals?minPosition=${lastPosition}`, 'partner3');
    expect({ status: listed.status, body: listed.body }).toEqual({ status: 200, body: { items: [] } });
  });

  it('refuses another organisation’s partner, the NCTC and anyone signed out, showing nothing', async () => {
    for (const [user, status, type] of [['partner3', 403, 'forbidden'], ['admin', 403, 'forbidden'], [undefined, 401, 'unauthorized']] as const) {
      const refused = await api('GET', '/applicants/amani-youth/proposals', user);
      expect({ user, status: refused.status, type: refused.body.type, items: refused.body.items }).toEqual({ user, status, type: `${PROBLEM}${type}`, items: undefined });
    }
  });

  it('refuses a position the log has not reached, as every read does', async () => {
    const ahead = await api('GET', '/applicants/amani-youth/proposals?minPosition=999999999', 'partner');
    expect(ahead.status).toBe(400);
    expect(ahead.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
