import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { aCallDetails, anOrganizationProfile, inDays } from '@csm/testkit';

jest.setTimeout(60_000);

/** Calls for proposals through HTTP on the embedded platform, with real tokens. */
let dataDir: string;
let platform: EmbeddedPlatform;
/** The services' clock runs this far ahead of real time: tests cross deadlines without waiting. */
let clockOffsetMs = 0;
const tokens: Record<string, string> = {};
const USERS = ['admin', 'partner', 'partner2', 'partner3', 'reviewer', 'auditor', 'donor', 'county'];
const api = (method: string, path: string, user?: string, body?: unknown) =>
  callApi(platform.urls.proposals, method, path, { ...(user ? { token: tokens[user] } : {}), ...(body !== undefined ? { body } : {}) });
const registration = (method: string, path: string, user: string, body?: unknown) =>
  callApi(platform.urls.registration, method, path, { token: tokens[user]!, ...(body !== undefined ? { body } : {}) });

const aCallBody = (callId: string) => ({ callId, details: aCallDetails({ targetCounties: ['001', '002'] }) });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-proposals-'));
  platform = await startEmbeddedPlatform({
    dataDir,
    identityPort: 0,
    registrationPort: 0,
    proposalsPort: 0,
    clock: () => new Date(Date.now() + clockOffsetMs),
    log: () => undefined,
  });
  for (const user of USERS) tokens[user] = await passwordToken(platform.urls.issuer, user);
  // amani-youth (partner) and kisumu-dialogue (partner3) are verified; pwani-peace (partner2) only submitted.
  for (const [user, name] of [['partner', 'Amani Youth Initiative'], ['partner2', 'Pwani Peace Network'], ['partner3', 'Kisumu Interfaith Dialogue']] as const) {
    expect((await registration('POST', '/organizations', user, anOrganizationProfile({ name }))).status).toBe(201);
  }
  await registration('POST', '/organizations/amani-youth/submit', 'partner', {});
  await registration('POST', '/organizations/pwani-peace/submit', 'partner2', {});
  await registration('POST', '/organizations/kisumu-dialogue/submit', 'partner3', {});
  await registration('POST', '/organizations/amani-youth/verify', 'admin', {});
  await registration('POST', '/organizations/kisumu-dialogue/verify', 'admin', {});
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('calls for proposals through HTTP', () => {
  it('publishes a call, and answers a question to every applicant without naming who asked', async () => {
    expect((await api('POST', '/calls', 'admin', aCallBody('coastal-youth'))).status).toBe(201);
    expect((await api('GET', '/calls/coastal-youth')).status).toBe(404); // a draft is the NCTC's
    const published = await api('POST', '/calls/coastal-youth/publish', 'admin', {});
    expect(published.status).toBe(202);
    const listed = await api('GET', `/calls?minPosition=${published.body.position}`);
    expect(listed.body.items).toEqual([expect.objectContaining({ _id: 'coastal-youth', status: 'published' })]);

    const asked = await api('POST', '/calls/coastal-youth/clarifications', 'partner', { question: 'Can two CBOs apply jointly with one lead?' });
    expect(asked.status).toBe(202);
    const queue = await api('GET', `/calls/coastal-youth/clarifications?minPosition=${asked.body.position}`, 'admin');
    expect(queue.body.items).toEqual([expect.objectContaining({ question: 'Can two CBOs apply jointly with one lead?', askedBy: 'amani-youth' })]);
    expect((await api('GET', '/calls/coastal-youth/clarifications', 'partner3')).body.items).toEqual([]); // not answered yet

    const questionId = queue.body.items[0].questionId;
    const answered = await api('POST', `/calls/coastal-youth/clarifications/${questionId}/answer`, 'admin', { answer: 'Yes: one lead applicant signs.' });
    expect(answered.status).toBe(202);
    const seenByAnother = await api('GET', `/calls/coastal-youth/clarifications?minPosition=${answered.body.position}`, 'partner3');
    expect(seenByAnother.body.items).toEqual([expect.objectContaining({ question: 'Can two CBOs apply jointly with one lead?', answer: 'Yes: one lead applicant signs.' })]);
    expect(seenByAnother.body.items[0]).not.toHaveProperty('askedBy');
    expect((await api('POST', `/calls/coastal-youth/clarifications/${questionId}/answer`, 'admin', { answer: 'Again' })).status).toBe(409);
  });

  it('refuses questions from an organisation that is not verified', async () => {
    const refused = await api('POST', '/calls/coastal-youth/clarifications', 'partner2', { question: 'May an unverified organisation apply?' });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('https://csm.go.ke/problems/call.organization-not-verified');
  });

  it('keeps submissions open until the deadline and cancels with a reason', async () => {
    expect((await api('POST', '/calls/coastal-youth/close', 'admin', {})).status).toBe(409);
    expect((await api('POST', '/calls/coastal-youth/cancel', 'admin', { reason: '' })).status).toBe(400);
    const cancelled = await api('POST', '/calls/coastal-youth/cancel', 'admin', { reason: 'Funding moved to a joint call' });
    expect(cancelled.status).toBe(202);
    expect((await api('GET', `/calls/coastal-youth?minPosition=${cancelled.body.position}`)).body).toMatchObject({ status: 'cancelled', cancellationReason: 'Funding moved to a joint call' });
  });

  it('refuses a call whose criteria weights do not total 100, appending nothing', async () => {
    const before = await platform.store.headPosition();
    const body = aCallBody('bad-weights');
    body.details.criteria[0]!.weight = 10;
    const response = await api('POST', '/calls', 'admin', body);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'details.criteria', message: 'criteria weights must total 100' })]));
    expect(await platform.store.headPosition()).toBe(before);
  });
});

describe('concept notes through HTTP', () => {
  const note = (overrides: Record<string, unknown> = {}) => ({
    title: 'Mentors for Likoni',
    summary: 'Peer mentorship and vocational training for 300 young people at risk of recruitment in Likoni and Kisauni.',
    counties: ['001'],
    pillars: ['psychosocial'],
    requestedBudget: { currency: 'KES', amount: 4_000_000 },
    durationMonths: 18,
    ...overrides,
  });

  beforeAll(async () => {
    expect((await api('POST', '/calls', 'admin', aCallBody('coastal-youth-2'))).status).toBe(201);
    expect((await api('POST', '/calls/coastal-youth-2/publish', 'admin', {})).status).toBe(202);
  });

  it('takes one concept note from a verified organisation, readable by it and the NCTC only', async () => {
    const submitted = await api('POST', '/calls/coastal-youth-2/concept-notes', 'partner', note());
    expect(submitted.status).toBe(201);
    expect(submitted.body.streamId).toBe('proposal-coastal-youth-2.amani-youth');
    expect((await api('POST', '/calls/coastal-youth-2/concept-notes', 'partner', note())).status).toBe(409);

    const own = await api('GET', `/calls/coastal-youth-2/concept-notes/amani-youth?minPosition=${submitted.body.position}`, 'partner');
    expect(own.body).toMatchObject({ organizationId: 'amani-youth', stage: 'concept-note', conceptNote: { title: 'Mentors for Likoni' } });
    expect((await api('GET', '/calls/coastal-youth-2/concept-notes/amani-youth', 'partner3')).status).toBe(403);
    const amended = await api('PUT', '/calls/coastal-youth-2/concept-notes/amani-youth', 'partner', note({ durationMonths: 24 }));
    expect(amended.status).toBe(202);
    const all = await api('GET', `/calls/coastal-youth-2/concept-notes?minPosition=${amended.body.position}`, 'admin');
    expect(all.body.items).toEqual([expect.objectContaining({ _id: 'coastal-youth-2.amani-youth', conceptNote: expect.objectContaining({ durationMonths: 24 }) })]);
  });

  it('refuses an unverified organisation and a note outside the call’s scope', async () => {
    const unverified = await api('POST', '/calls/coastal-youth-2/concept-notes', 'partner2', note());
    expect(unverified.status).toBe(403);
    expect(unverified.body.type).toBe('https://csm.go.ke/problems/proposal.organization-not-verified');
    const elsewhere = await api('POST', '/calls/coastal-youth-2/concept-notes', 'partner3', note({ counties: ['047'] }));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.type).toBe('https://csm.go.ke/problems/proposal.county-not-targeted');
    expect((await api('POST', '/calls/coastal-youth-2/concept-notes', 'partner3', note({ durationMonths: 0 }))).status).toBe(400);
  });
});

describe('shortlisting after the deadline', () => {
  it('locks submissions at the deadline, then shortlists one note and declines another with feedback', async () => {
    expect((await api('POST', '/calls', 'admin', aCallBody('coastal-youth-3'))).status).toBe(201);
    expect((await api('POST', '/calls/coastal-youth-3/publish', 'admin', {})).status).toBe(202);
    const note = { title: 'Mentors for Likoni', summary: 'Peer mentorship and vocational training for 300 young people at risk in Likoni.', counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 2_000_000 }, durationMonths: 12 };
    expect((await api('POST', '/calls/coastal-youth-3/concept-notes', 'partner', note)).status).toBe(201);
    expect((await api('POST', '/calls/coastal-youth-3/concept-notes', 'partner3', { ...note, title: 'Interfaith youth forums' })).status).toBe(201);
    expect((await api('POST', '/calls/coastal-youth-3/concept-notes/amani-youth/shortlist', 'admin', { fullProposalDeadline: inDays(40) })).status).toBe(409); // call still open

    clockOffsetMs = 25 * 86_400_000; // past the submission deadline (20 days out)
    try {
      expect((await api('PUT', '/calls/coastal-youth-3/concept-notes/amani-youth', 'partner', { ...note, durationMonths: 6 })).status).toBe(409);
      const closed = await api('POST', '/calls/coastal-youth-3/close', 'admin', {});
      expect(closed.status).toBe(202);
      await platform.caughtUp(BigInt(closed.body.position));
      expect((await api('POST', '/calls/coastal-youth-3/concept-notes/amani-youth/shortlist', 'admin', { note: 'Strong fit', fullProposalDeadline: inDays(40) })).status).toBe(202);
      const declined = await api('POST', '/calls/coastal-youth-3/concept-notes/kisumu-dialogue/decline', 'admin', { reason: 'The call targets coastal counties first' });
      expect(declined.status).toBe(202);
      const feedback = await api('GET', `/calls/coastal-youth-3/concept-notes/kisumu-dialogue?minPosition=${declined.body.position}`, 'partner3');
      expect(feedback.body).toMatchObject({ status: 'declined', declineReason: 'The call targets coastal counties first' });
      expect((await api('GET', '/calls/coastal-youth-3/concept-notes/amani-youth', 'partner')).body.status).toBe('shortlisted');
    } finally {
      clockOffsetMs = 0;
    }
  });
});
