import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { aCallDetails, anOrganizationProfile } from '@csm/testkit';

/**
 * Names that a plain object already "has" (its prototype's) are nobody's member and no question:
 * through HTTP they get a 404 problem and nothing is appended.
 */
jest.setTimeout(60_000);

const INHERITED_NAMES = ['__proto__', 'constructor', 'toString'];
let dataDir: string;
let platform: EmbeddedPlatform;
const tokens: Record<string, string> = Object.create(null) as Record<string, string>;
const call = (base: 'registration' | 'proposals', method: string, path: string, user: string, body?: unknown) =>
  callApi(platform.urls[base], method, path, { token: tokens[user]!, ...(body !== undefined ? { body } : {}) });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-inherited-names-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  for (const user of ['admin', 'partner']) tokens[user] = await passwordToken(platform.urls.issuer, user);
  expect((await call('registration', 'POST', '/organizations', 'partner', anOrganizationProfile())).status).toBe(201);
  expect((await call('registration', 'POST', '/organizations/amani-youth/submit', 'partner', {})).status).toBe(202);
  expect((await call('registration', 'POST', '/organizations/amani-youth/verify', 'admin', {})).status).toBe(202);
  expect((await call('proposals', 'POST', '/calls', 'admin', { callId: 'coastal-youth', details: aCallDetails() })).status).toBe(201);
  expect((await call('proposals', 'POST', '/calls/coastal-youth/publish', 'admin', {})).status).toBe(202);
  expect((await call('proposals', 'POST', '/calls/coastal-youth/clarifications', 'partner', { question: 'Can two CBOs apply jointly?' })).status).toBe(202);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('names a plain object inherits', () => {
  it.each(INHERITED_NAMES)('DELETE /organizations/:id/members/%s by the admin is 404 member-not-found and appends nothing', async (username) => {
    const head = await platform.store.headPosition();
    const response = await call('registration', 'DELETE', `/organizations/amani-youth/members/${username}`, 'partner');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe('https://csm.go.ke/problems/organization.member-not-found');
    expect(await platform.store.headPosition()).toBe(head);
  });

  it.each(INHERITED_NAMES)('answering clarification %s is 404 question-not-found and appends nothing', async (questionId) => {
    const head = await platform.store.headPosition();
    const response = await call('proposals', 'POST', `/calls/coastal-youth/clarifications/${questionId}/answer`, 'admin', { answer: 'Yes.' });
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('https://csm.go.ke/problems/call.question-not-found');
    expect(await platform.store.headPosition()).toBe(head);
  });
});
