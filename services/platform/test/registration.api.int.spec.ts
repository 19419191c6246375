import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { anOrganizationProfile as aProfile } from '@csm/testkit';

/**
 * Through the real HTTP API of the embedded platform, with real tokens from the embedded OIDC
 * issuer, the SQLite store and the projections: what `npm start` runs.
 */
jest.setTimeout(30_000);

let dataDir: string;
let platform: EmbeddedPlatform;
const tokens: Record<string, string> = {};
const api = (method: string, path: string, user?: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(platform.urls.registration, method, path, { ...(user ? { token: tokens[user] } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
const read = (path: string, user: string | undefined, position: string) => api('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${position}`, user);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-registration-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  for (const user of ['admin', 'partner', 'partner-member', 'partner2', 'partner3', 'auditor', 'reviewer', 'donor', 'county']) {
    tokens[user] = await passwordToken(platform.urls.issuer, user);
  }
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('registration through HTTP (embedded platform)', () => {
  it('takes an organisation from registration through verification into the public directory', async () => {
    const registered = await api('POST', '/organizations', 'partner', aProfile());
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ streamId: 'organization-amani-youth', revision: '0' });

    expect((await api('POST', '/organizations/amani-youth/submit', 'partner', {})).status).toBe(202);
    const asked = await api('POST', '/organizations/amani-youth/request-information', 'admin', { message: 'Please attach the NGO Board certificate' });
    expect(asked.status).toBe(202);

    const seenByPartner = await read('/organizations/amani-youth', 'partner', asked.body.position);
    expect(seenByPartner.body).toMatchObject({ status: 'information-requested', pendingRequest: 'Please attach the NGO Board certificate' });
    expect(seenByPartner.headers.get('etag')).toBe('"2"');

    expect((await api('PUT', '/organizations/amani-youth/profile', 'partner', aProfile({ website: 'https://amani.example' }))).status).toBe(202);
    expect((await api('POST', '/organizations/amani-youth/resubmit', 'partner', { response: 'Attached' })).status).toBe(202);

    const notYetListed = await read('/directory', undefined, (await platform.store.headPosition()).toString());
    expect(notYetListed.body.items.map((o: { _id: string }) => o._id)).not.toContain('amani-youth');

    const verified = await api('POST', '/organizations/amani-youth/verify', 'admin', { note: 'Certificate checked' });
    expect(verified.status).toBe(202);

    const listed = await read('/directory?county=002&pillar=education&type=community-based&q=MENTORSHIP', undefined, verified.body.position);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ _id: 'amani-youth', name: 'Amani Youth Initiative', website: 'https://amani.example' }),
    ]);
    expect(listed.body.items[0]).not.toHaveProperty('contacts');
    expect((await api('GET', '/directory?county=047')).body.items).toEqual([]);
    expect((await api('GET', '/directory?pillar=security')).body.items).toEqual([]);
    expect((await api('GET', '/directory/amani-youth')).status).toBe(200);

    const suspended = await api('POST', '/organizations/amani-youth/suspend', 'admin', { reason: 'Audit of accounts pending' });
    expect((await read('/directory', undefined, suspended.body.position)).body.items).toEqual([]);
    expect((await api('GET', '/directory/amani-youth')).status).toBe(404);
    const reinstated = await api('POST', '/organizations/amani-youth/reinstate', 'admin', { reason: 'Audit closed' });
    expect((await read('/directory', undefined, reinstated.body.position)).body.total).toBe(1);

    const history = await api('GET', '/organizations/amani-youth/history', 'auditor');
    expect(history.status).toBe(200);
    expect(history.body.chain).toEqual({ intact: true, length: 8, headHash: expect.any(String) });
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'OrganizationRegistered',
      'OrganizationSubmittedForVerification',
      'OrganizationInformationRequested',
      'OrganizationProfileAmended',
      'OrganizationResubmitted',
      'OrganizationVerified',
      'OrganizationSuspended',
      'OrganizationReinstated',
    ]);
    expect(history.body.events[5].metadata.actor).toMatchObject({ roles: expect.arrayContaining(['nctc-admin']) });
  });

  it('never lists a rejected organisation', async () => {
    await api('POST', '/organizations', 'partner2', aProfile({ name: 'Pwani Peace Network' }));
    await api('POST', '/organizations/pwani-peace/submit', 'partner2', {});
    const rejected = await api('POST', '/organizations/pwani-peace/reject', 'admin', { reason: 'Registration number not found' });
    expect(rejected.status).toBe(202);
    const directory = await read('/directory?q=pwani', undefined, rejected.body.position);
    expect(directory.body.items).toEqual([]);
    const queue = await read('/organizations?status=rejected', 'admin', rejected.body.position);
    expect(queue.body.items).toEqual([expect.objectContaining({ _id: 'pwani-peace', lastReason: 'Registration number not found' })]);
  });

  it('refuses a lifecycle step that does not hold with a 409 problem', async () => {
    const response = await api('POST', '/organizations/amani-youth/submit', 'partner', {});
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'https://csm.go.ke/problems/organization.not-draft', status: 409 });
  });

  it('lets organisation admins manage members, but not plain members', async () => {
    const invited = await api('POST', '/organizations/amani-youth/members', 'partner', { username: 'partner-member', role: 'member' });
    expect(invited.status).toBe(202);
    // Membership is read from the organisations read model: act once it has the invitation.
    await platform.caughtUp(BigInt(invited.body.position));
    const byMember = await api('POST', '/organizations/amani-youth/members', 'partner-member', { username: 'someone', role: 'admin' });
    expect(byMember.status).toBe(403);
    expect(byMember.body.type).toBe('https://csm.go.ke/problems/organization.not-an-admin');
    const removed = await api('DELETE', '/organizations/amani-youth/members/partner-member', 'partner');
    expect(removed.status).toBe(202);
    const view = await read('/organizations/amani-youth', 'partner', removed.body.position);
    expect(view.body.members).toEqual([{ memberId: platform.subjectIds.forUsername('partner'), username: 'partner', role: 'admin' }]);
  });

  it('names members in events by member id, never by username in clear', async () => {
    const invited = await api('POST', '/organizations/amani-youth/members', 'partner', { username: 'partner-member', role: 'member' });
    expect(invited.status).toBe(202);
    const view = await read('/organizations/amani-youth', 'admin', invited.body.position);
    expect(view.body.members).toContainEqual({ memberId: platform.subjectIds.forUsername('partner-member'), username: 'partner-member', role: 'member' });
    const history = await api('GET', '/organizations/amani-youth/history', 'auditor');
    const data = JSON.stringify(history.body.events.map((e: { data: unknown }) => e.data));
    expect(data).toContain(platform.subjectIds.forUsername('partner-member'));
    expect(data).not.toContain('partner-member');
    expect(data).not.toMatch(/"registeredBy":"partner"/);
    const stored = JSON.stringify((await platform.store.readStream('organization-amani-youth')).map((e) => e.data));
    expect(stored).not.toContain('partner-member');
  });

  it('erases a member’s username on request: the member stays, by id, and the name reads as erased', async () => {
    const memberId = platform.subjectIds.forUsername('partner-member');
    const erased = await api('POST', '/personal-data/erasures', 'admin', { username: 'partner-member', reason: 'The member asked to be forgotten' });
    expect(erased.status).toBe(202);
    expect(erased.body.streamId).toBe(`dataSubject-${memberId}`);
    const view = await read('/organizations/amani-youth', 'admin', erased.body.position);
    expect(view.body.members).toContainEqual({ memberId, role: 'member', erased: true });
    const both = await api('POST', '/personal-data/erasures', 'admin', { email: 'x@example.org', username: 'partner-member', reason: 'Ambiguous request' });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'email' })]));
  });
});

describe('personal data of contact people', () => {
  it('is sealed in events, readable by authorised users, and unreadable everywhere after erasure', async () => {
    const email = 'programmes@amani.example';
    const history = await api('GET', '/organizations/amani-youth/history', 'auditor');
    expect(JSON.stringify(history.body)).not.toContain(email);
    expect(JSON.stringify(history.body)).not.toContain('Programme Lead');

    const before = await api('GET', '/organizations/amani-youth', 'admin');
    expect(before.body.profile.contacts[0]).toMatchObject({ name: 'Programme Lead', email });

    const erased = await api('POST', '/personal-data/erasures', 'admin', { email, reason: 'The person asked to be forgotten' });
    expect(erased.status).toBe(202);
    const after = await read('/organizations/amani-youth', 'admin', erased.body.position);
    expect(after.body.profile.contacts).toEqual([{ erased: true }]);
    const chain = (await api('GET', '/organizations/amani-youth/history', 'auditor')).body.chain;
    expect(chain.intact).toBe(true);
    expect((await api('POST', '/personal-data/erasures', 'partner', { email, reason: 'Not my call to make' })).status).toBe(403);
  });

  it('records every erasure request, also a second one after the person’s data was given again', async () => {
    const email = 'amina.second@example.org';
    const contact = { name: 'Amina Second', role: 'Coordinator', email };
    const registerAs = async (organizationId: string, name: string) => {
      const token = await platform.signPartnerToken(organizationId, `${organizationId}-admin`);
      const response = await callApi(platform.urls.registration, 'POST', '/organizations', { token, body: aProfile({ name, contacts: [contact] }) });
      expect(response.status).toBe(201);
      return response.body.position as string;
    };
    const contactsOf = async (organizationId: string, position: string) => (await read(`/organizations/${organizationId}`, 'admin', position)).body.profile.contacts;

    const firstPosition = await registerAs('erasure-first', 'Erasure First Trust');
    expect(await contactsOf('erasure-first', firstPosition)).toEqual([expect.objectContaining({ email })]);
    const first = await api('POST', '/personal-data/erasures', 'admin', { email, reason: 'The person asked to be forgotten' });
    expect(first.status).toBe(202);
    expect(await contactsOf('erasure-first', first.body.position)).toEqual([{ erased: true }]);

    // The same person's data given again, by another organisation: readable until erased again.
    const againPosition = await registerAs('erasure-again', 'Erasure Again Trust');
    expect(await contactsOf('erasure-again', againPosition)).toEqual([expect.objectContaining({ email })]);
    const second = await api('POST', '/personal-data/erasures', 'admin', { email, reason: 'Asked again after registering anew' });
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ streamId: first.body.streamId, revision: '1' });
    expect(await contactsOf('erasure-again', second.body.position)).toEqual([{ erased: true }]);
    expect(await contactsOf('erasure-first', second.body.position)).toEqual([{ erased: true }]);

    const subjectKeyId = String(first.body.streamId).replace(/^dataSubject-/, '');
    expect(subjectKeyId).toBe(platform.subjectIds.forEmail(email));
    const audited = await api('GET', `/personal-data/subjects/${subjectKeyId}/history`, 'auditor');
    expect(audited.status).toBe(200);
    expect(audited.body.chain).toMatchObject({ intact: true, length: 2 });
    expect(audited.body.events.map((e: { type: string; data: { reason: string } }) => [e.type, e.data.reason])).toEqual([
      ['SubjectDataErased', 'The person asked to be forgotten'],
      ['SubjectDataErased', 'Asked again after registering anew'],
    ]);
    expect(JSON.stringify(audited.body)).not.toContain(email);
  });
});

describe('bad input changes nothing', () => {
  const cases: [string, string, string, unknown][] = [
    ['register with no name and an unknown county', 'POST', '/organizations', { ...aProfile(), name: '', counties: ['999'] }],
    ['amend with a bad email', 'PUT', '/organizations/amani-youth/profile', aProfile({ contacts: [{ name: 'X Y', email: 'not-an-email' }] })],
    ['submit with unexpected fields', 'POST', '/organizations/amani-youth/submit', { hack: true }],
    ['request information without a message', 'POST', '/organizations/amani-youth/request-information', {}],
    ['resubmit with a non-string response', 'POST', '/organizations/amani-youth/resubmit', { response: 42 }],
    ['verify with a non-string note', 'POST', '/organizations/amani-youth/verify', { note: ['x'] }],
    ['reject without a reason', 'POST', '/organizations/amani-youth/reject', {}],
    ['suspend with a too-short reason', 'POST', '/organizations/amani-youth/suspend', { reason: 'no' }],
    ['reinstate without a reason', 'POST', '/organizations/amani-youth/reinstate', { reason: '' }],
    ['invite with an unknown role', 'POST', '/organizations/amani-youth/members', { username: 'x-user', role: 'owner' }],
  ];
  const userFor = (path: string) => (/request-information|verify|reject|suspend|reinstate/.test(path) ? 'admin' : 'partner');

  it.each(cases)('%s → 400 problem+json with field errors, nothing appended', async (_name, method, path, body) => {
    const before = await platform.store.headPosition();
    const response = await api(method, path, userFor(path), body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'https://csm.go.ke/problems/validation', status: 400 });
    expect(response.body.errors.length).toBeGreaterThan(0);
    expect(response.body.errors[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    expect(await platform.store.headPosition()).toBe(before);
  });

  it('answers malformed JSON, a wrong media type and an oversized body with problems', async () => {
    const before = await platform.store.headPosition();
    const malformed = await api('POST', '/organizations/amani-youth/submit', 'partner', '{"oops', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('https://csm.go.ke/problems/malformed-json');
    const wrongType = await api('POST', '/organizations/amani-youth/submit', 'partner', 'hello', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    const huge = await api('POST', '/organizations', 'partner3', { ...aProfile(), mandate: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    const badKey = await api('POST', '/organizations/amani-youth/submit', 'partner', {}, { 'idempotency-key': 'short' });
    expect(badKey.status).toBe(400);
    expect(await platform.store.headPosition()).toBe(before);
  });

  it('answers an unknown organisation with 404', async () => {
    expect((await api('GET', '/organizations/nobody-here', 'admin')).status).toBe(404);
    expect((await api('POST', '/organizations/nobody-here/verify', 'admin', {})).status).toBe(404);
  });
});

describe('concurrency and retries', () => {
  it('lets exactly one of two conflicting decisions win', async () => {
    await api('POST', '/organizations', 'partner3', aProfile({ name: 'Kisumu Interfaith Dialogue' }));
    await api('POST', '/organizations/kisumu-dialogue/submit', 'partner3', {});
    const before = await platform.store.headPosition();
    const [verify, reject] = await Promise.all([
      api('POST', '/organizations/kisumu-dialogue/verify', 'admin', {}),
      api('POST', '/organizations/kisumu-dialogue/reject', 'admin', { reason: 'Duplicate registration' }),
    ]);
    expect([verify.status, reject.status].sort()).toEqual([202, 409]);
    expect(await platform.store.headPosition()).toBe(before + 1n);
  });

  it('applies two compatible concurrent commands in order', async () => {
    const [a, b] = await Promise.all([
      api('POST', '/organizations/amani-youth/members', 'partner', { username: 'member-a', role: 'member' }),
      api('POST', '/organizations/amani-youth/members', 'partner', { username: 'member-b', role: 'member' }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(new Set([a.body.revision, b.body.revision]).size).toBe(2);
  });

  it('appends nothing for a retried command with the same Idempotency-Key', async () => {
    const key = { 'idempotency-key': 'invite-member-c-0001' };
    const first = await api('POST', '/organizations/amani-youth/members', 'partner', { username: 'member-c', role: 'member' }, key);
    const head = await platform.store.headPosition();
    const retry = await api('POST', '/organizations/amani-youth/members', 'partner', { username: 'member-c', role: 'member' }, key);
    expect(first.status).toBe(202);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    expect(await platform.store.headPosition()).toBe(head);
  });

  it('refuses an Idempotency-Key reused for a different request with 422', async () => {
    const key = { 'idempotency-key': 'invite-member-e-0001' };
    expect((await api('POST', '/organizations/amani-youth/members', 'partner', { username: 'member-e', role: 'member' }, key)).status).toBe(202);
    const head = await platform.store.headPosition();
    const reused = await api('POST', '/organizations/amani-youth/members', 'partner', { username: 'member-f', role: 'admin' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.type).toBe('https://csm.go.ke/problems/command.idempotency-key-reused');
    expect(await platform.store.headPosition()).toBe(head);
  });

  it('refuses a command whose If-Match is stale with 412', async () => {
    const current = await read('/organizations/amani-youth', 'partner', (await platform.store.headPosition()).toString());
    const etag = current.headers.get('etag')!;
    const stale = `"${BigInt(JSON.parse(etag)) - 1n}"`;
    const refused = await api('POST', '/organizations/amani-youth/members', 'partner', { username: 'member-d', role: 'member' }, { 'if-match': stale });
    expect(refused.status).toBe(412);
    const accepted = await api('POST', '/organizations/amani-youth/members', 'partner', { username: 'member-d', role: 'member' }, { 'if-match': etag });
    expect(accepted.status).toBe(202);
  });
});

describe('platform plumbing', () => {
  it('serves health, readiness, metrics and an OpenAPI document', async () => {
    expect((await api('GET', '/healthz')).status).toBe(200);
    const ready = await api('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.map((c: { name: string }) => c.name)).toEqual(['event-store', 'registration.organizations', 'registration.directory']);
    const openapi = await api('GET', '/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/organizations', '/organizations/{id}/verify', '/directory']));
    expect(openapi.body.paths['/organizations'].post.requestBody.content['application/json'].schema.properties.counties).toBeDefined();
    const metrics = await api('GET', '/metrics');
    expect(metrics.body).toMatch(/^http_request_duration_seconds_count\{[^}]*service="registration"/m);
  });

  it('sends security headers', async () => {
    const response = await api('GET', '/directory');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps every fact across a restart and rebuilds the read models from the log', async () => {
    const head = await platform.store.headPosition();
    const before = (await read('/organizations?limit=100', 'admin', head.toString())).body;
    await platform.stop();
    platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
    for (const user of Object.keys(tokens)) tokens[user] = await passwordToken(platform.urls.issuer, user);
    expect(await platform.store.headPosition()).toBe(head);
    const after = (await read('/organizations?limit=100', 'admin', head.toString())).body;
    expect(after).toEqual(before);
  });
});

describe('reading one\'s own writes is bounded', () => {
  it('refuses at once, with a 400 problem, a minPosition the log has not reached, even anonymously', async () => {
    const head = await platform.store.headPosition();
    const started = Date.now();
    const ahead = await read('/directory', undefined, (head + 1000n).toString());
    // Before, the request was held for the whole wait (5 s) and answered 503.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(ahead.status).toBe(400);
    expect(ahead.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ahead.body).toMatchObject({
      type: 'https://csm.go.ke/problems/min-position-ahead-of-log',
      headPosition: head.toString(),
      errors: [expect.objectContaining({ path: 'minPosition' })],
    });
  });

  it('still answers a minPosition the log has reached', async () => {
    const head = await platform.store.headPosition();
    expect((await read('/directory', undefined, head.toString())).status).toBe(200);
    expect((await read('/organizations/amani-youth', 'partner', head.toString())).status).toBe(200);
  });
});
