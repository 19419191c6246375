import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { anOrganizationProfile } from '@csm/testkit';

jest.setTimeout(60_000);

/**
 * Registration defects a review found (issue 8), through HTTP with real tokens: membership is the
 * organisation's record, not the token's org_id; directory filters say what they accept.
 */
const PROBLEM = 'https://csm.go.ke/problems/';
let dataDir: string;
let platform: EmbeddedPlatform;
const tokens = new Map<string, string>();

const api = async (user: string | undefined, method: string, path: string, body?: unknown) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return callApi(platform.urls.registration, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
};
const must = async (status: number, user: string, method: string, path: string, body: unknown = {}) => {
  const response = await api(user, method, path, body);
  if (response.status !== status) throw new Error(`${user} ${method} ${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  await platform.caughtUp(BigInt(response.body.position));
  return response;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-registration-access-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  await must(201, 'partner', 'POST', '/organizations', anOrganizationProfile({ counties: ['001', '004'], pillars: ['psychosocial', 'education'] }));
  await must(202, 'partner', 'POST', '/organizations/amani-youth/submit');
  await must(202, 'admin', 'POST', '/organizations/amani-youth/verify');
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('membership', () => {
  it('is the organisation’s record: a removed member stops acting for it though the token still names it', async () => {
    await must(202, 'partner', 'POST', '/organizations/amani-youth/members', { username: 'partner-member', role: 'member' });
    expect((await api('partner-member', 'GET', '/organizations/amani-youth')).status).toBe(200);
    await must(202, 'partner', 'DELETE', '/organizations/amani-youth/members/partner-member');
    for (const [method, path, body] of [
      ['GET', '/organizations/amani-youth', undefined],
      ['PUT', '/organizations/amani-youth/profile', anOrganizationProfile()],
      ['POST', '/organizations/amani-youth/members', { username: 'partner-member', role: 'admin' }],
      ['POST', '/organizations', anOrganizationProfile()],
    ] as const) {
      const refused = await api('partner-member', method, path, body);
      expect({ method, path, status: refused.status, type: refused.body.type }).toEqual({ method, path, status: 403, type: `${PROBLEM}organization.not-a-member` });
    }
    expect((await api('partner-member', 'GET', '/directory')).status).toBe(200); // public reads stay open
    expect((await api('partner', 'GET', '/organizations/amani-youth')).status).toBe(200);
  });

  it('is refused to an account whose org_id names an organisation that never listed it', async () => {
    const intruder = await platform.signPartnerToken('amani-youth', 'intruder');
    const response = await callApi(platform.urls.registration, 'GET', '/organizations/amani-youth', { token: intruder });
    expect(response.status).toBe(403);
    expect(response.body.type).toBe(`${PROBLEM}organization.not-a-member`);
  });
});

describe('directory filters', () => {
  it('take a county by name in any case, or by code', async () => {
    for (const county of ['Mombasa', 'mombasa', 'MOMBASA', '001', 'Tana%20River', 'tana%20river', '004']) {
      const response = await api(undefined, 'GET', `/directory?county=${county}`);
      expect({ county, status: response.status, ids: response.body.items?.map((i: { _id: string }) => i._id) }).toEqual({ county, status: 200, ids: ['amani-youth'] });
    }
    const elsewhere = await api(undefined, 'GET', '/directory?county=Turkana');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.items).toEqual([]);
  });

  it.each([
    ['county=Atlantis', 'county', ['001', 'Mombasa']],
    ['county=999', 'county', ['001', 'Mombasa']],
    ['pillar=nonsense', 'pillar', ['psychosocial', 'media-online']],
    ['type=bogus', 'type', ['community-based', 'donor-multilateral']],
  ])('refuse %s with a problem naming the valid values', async (query, field, hints) => {
    const response = await api(undefined, 'GET', `/directory?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe(`${PROBLEM}validation`);
    const [error] = response.body.errors;
    expect(error.path).toBe(field);
    for (const hint of hints) expect(error.message).toContain(hint);
  });

  it('accept a known pillar and type', async () => {
    const response = await api(undefined, 'GET', '/directory?pillar=education&type=community-based&county=Kwale');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
    const listed = await api(undefined, 'GET', '/directory?pillar=education&type=community-based&county=mombasa');
    expect(listed.body.items.map((i: { _id: string }) => i._id)).toEqual(['amani-youth']);
  });
});
