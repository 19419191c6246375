import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert } from 'xmlbuilder2';
import { openApiConformance } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { registerLibraryOrganizations } from './support/library-organizations';

jest.setTimeout(120_000);

/**
 * The library's whole path through HTTP on the embedded platform, with real tokens from the
 * embedded issuer (password grant for the demo users): a partner of a verified organisation
 * submits, the NCTC asks for changes, the partner's organisation answers, the NCTC publishes; the
 * public finds the item in English and its Kiswahili companion in Kiswahili, and in the Atom
 * feed; a new version goes through review and replaces the published one; the item is retired and
 * leaves search and the feed. Every answer is checked against the service's OpenAPI document.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
let conformance: ReturnType<typeof openApiConformance>;
const tokens = new Map<string, string>();
const PROBLEM = 'https://csm.go.ke/problems/';

const request = async (user: string | undefined, method: string, path: string, body?: unknown) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  const answer = await callApi(platform.urls.resources, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
  conformance.check(method, path, answer);
  return answer;
};
/** A command that must be accepted with `status`; waits until every projection has it. */
const accepted = async (status: number, user: string, method: string, path: string, body: unknown = {}) => {
  const response = await request(user, method, path, body);
  expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.objectContaining({ streamId: expect.stringMatching(/^resource-/), position: expect.any(String) }) });
  await platform.caughtUp(BigInt(response.body.position));
  return response;
};
const refused = async (status: number, type: string, user: string | undefined, method: string, path: string, body?: unknown) => {
  const response = await request(user, method, path, body ?? (method === 'GET' ? undefined : {}));
  expect({ status: response.status, type: response.body?.type }).toEqual({ status, type: `${PROBLEM}${type}` });
  return response;
};

const guide = {
  type: 'guide',
  title: 'Talking with a young person who is being drawn in',
  summary: 'How parents and relatives can listen, keep the door open and find help early.',
  body: 'Listen first. Ask open questions about friends and online groups. Keep talking; do not cut them off. Where to get help: the county CVE coordinator.',
  language: 'en',
  pillars: ['psychosocial'],
  counties: ['001'],
  audiences: ['families', 'teachers'],
  source: 'Amani Youth Initiative',
  licence: 'CC BY 4.0',
};
const mwongozo = {
  ...guide,
  title: 'Kuzungumza na kijana anayevutwa katika itikadi kali',
  summary: 'Jinsi mzazi na jamaa wanavyoweza kusikiliza na kupata msaada mapema.',
  body: 'Sikiliza kwanza. Uliza maswali kuhusu marafiki na vikundi vya mtandaoni. Endelea kuzungumza.',
  language: 'sw',
};
const ids = (body: { items: { resourceId: string }[] }) => body.items.map((i) => i.resourceId);
const feedEntries = async () => {
  const response = await request(undefined, 'GET', '/feed.atom');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const parsed = convert(response.body as string, { format: 'object' }) as any;
  const feed = parsed.feed;
  // Atom 1.0 (RFC 4287 §4.1.1): the namespace, and a feed's id, title, updated, author and self link.
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect({ id: feed.id, title: typeof feed.title, updated: Number.isNaN(Date.parse(feed.updated)), self: [feed.link].flat()[0]['@rel'] }).toEqual({
    id: 'tag:csm.go.ke,2026:library',
    title: 'string',
    updated: false,
    self: 'self',
  });
  return (feed.entry === undefined ? [] : [feed.entry].flat()) as any[];
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-resources-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  conformance = openApiConformance((await callApi(platform.urls.resources, 'GET', '/openapi.json')).body);
  await registerLibraryOrganizations(platform);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the library on the embedded platform', () => {
  it('takes an item from submission through changes, publication, search in both languages, the feed, a new version and retirement', async () => {
    const item = '/resources/talking-with-a-young-person';

    // --- Refusals that change nothing -------------------------------------------------------
    await refused(403, 'resource.organization-not-verified', 'partner2', 'POST', item, guide);
    await refused(401, 'unauthorized', undefined, 'POST', item, guide);
    await refused(403, 'forbidden', 'auditor', 'POST', item, guide);
    const invalid = await refused(400, 'validation', 'partner', 'POST', item, { ...guide, language: 'Kiswahili', audiences: ['everyone'], body: undefined });
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['audiences.0', 'language']);
    expect((await request('admin', 'GET', '/editorial-queue')).body).toEqual({ items: [] });

    // --- Submitted by Amani's partner; the NCTC asks for changes --------------------------------
    const submitted = await accepted(201, 'partner', 'POST', item, guide);
    expect(submitted.headers.get('location')).toBe(`${item}/editorial`);
    await refused(409, 'resource.already-exists', 'partner3', 'POST', item, guide);
    await refused(404, 'not-found', undefined, 'GET', item);
    expect(ids((await request('admin', 'GET', '/editorial-queue')).body)).toEqual(['talking-with-a-young-person']);
    await refused(409, 'resource.in-review', 'partner', 'PUT', item, guide);
    await accepted(202, 'admin', 'POST', `${item}/changes-requested`, { reason: 'Add where families can get help in Kiswahili too.' });
    const sentBack = await request('partner-member', 'GET', `${item}/editorial`);
    expect({ status: sentBack.status, stage: sentBack.body.pending.stage, decision: sentBack.body.lastDecision }).toEqual({
      status: 200,
      stage: 'changes-requested',
      decision: { decision: 'changes-requested', itemVersion: 1, reason: 'Add where families can get help in Kiswahili too.', at: expect.any(String) },
    });
    await refused(403, 'forbidden', 'partner3', 'GET', `${item}/editorial`);
    await refused(409, 'resource.not-in-review', 'admin', 'POST', `${item}/publish`);

    // --- Another of Amani's people answers (wrong organisation refused); published ------------
    await refused(403, 'resource.not-owner', 'partner3', 'PUT', item, guide);
    const answer = { ...guide, body: `${guide.body} In Kiswahili: the companion guide.` };
    await accepted(202, 'partner-member', 'PUT', item, answer);
    await accepted(202, 'admin', 'POST', `${item}/publish`);
    const kiswahili = '/resources/kuzungumza-na-kijana';
    await accepted(201, 'county', 'POST', kiswahili, mwongozo);
    await accepted(202, 'admin', 'POST', `${kiswahili}/publish`);

    // --- Found in English and Kiswahili, with filters; the public item ------------------------
    const publicItem = await request(undefined, 'GET', item);
    expect(publicItem).toMatchObject({ status: 200, body: { ...answer, resourceId: 'talking-with-a-young-person', itemVersion: 1 } });
    expect(ids((await request(undefined, 'GET', '/resources?q=parents')).body)).toEqual(['talking-with-a-young-person']);
    expect(ids((await request(undefined, 'GET', '/resources?q=mzazi')).body)).toEqual(['kuzungumza-na-kijana']);
    expect(ids((await request(undefined, 'GET', '/resources?q=sikiliza&language=sw&audience=families&county=001&pillar=psychosocial&type=guide')).body)).toEqual(['kuzungumza-na-kijana']);
    expect(ids((await request(undefined, 'GET', '/resources?q=mzazi&language=en')).body)).toEqual([]);
    expect((await request(undefined, 'GET', '/resources')).body.total).toBe(2);
    await refused(400, 'validation', undefined, 'GET', '/resources?audience=everyone');

    // --- In the feed, newest first ---------------------------------------------------------
    const entries = await feedEntries();
    expect(entries.map((e) => ({ id: e.id, lang: e['@xml:lang'], title: e.title['#'] ?? e.title }))).toEqual([
      { id: 'tag:csm.go.ke,2026:resource/kuzungumza-na-kijana', lang: 'sw', title: mwongozo.title },
      { id: 'tag:csm.go.ke,2026:resource/talking-with-a-young-person', lang: 'en', title: guide.title },
    ]);

    // --- A new version goes through review while version 1 stays public ------------------------
    const v2 = { ...answer, title: 'Talking with a young person who is being drawn in (2nd edition)' };
    await accepted(202, 'partner', 'PUT', item, v2);
    expect((await request(undefined, 'GET', item)).body).toMatchObject({ itemVersion: 1, title: guide.title });
    const mine = await request('partner', 'GET', '/my-submissions');
    expect(mine.body.items.map((i: { resourceId: string; status: string; pending?: { itemVersion: number } }) => [i.resourceId, i.status, i.pending?.itemVersion])).toEqual([
      ['talking-with-a-young-person', 'published', 2],
    ]);
    await accepted(202, 'admin', 'POST', `${item}/publish`);
    expect((await request(undefined, 'GET', item)).body).toMatchObject({ itemVersion: 2, title: v2.title });
    expect(ids((await request(undefined, 'GET', '/resources?q=edition')).body)).toEqual(['talking-with-a-young-person']);

    // --- Retired: out of search, the item page and the feed; its history stays -----------------
    await refused(403, 'forbidden', 'partner', 'POST', `${item}/retire`, { reason: 'Superseded.' });
    await accepted(202, 'admin', 'POST', `${item}/retire`, { reason: 'Superseded by the county guide.' });
    await refused(404, 'not-found', undefined, 'GET', item);
    expect(ids((await request(undefined, 'GET', '/resources?q=parents')).body)).toEqual([]);
    expect((await feedEntries()).map((e) => e.id)).toEqual(['tag:csm.go.ke,2026:resource/kuzungumza-na-kijana']);
    await refused(409, 'resource.retired', 'partner', 'PUT', item, v2);
    const history = await request('auditor', 'GET', `${item}/history`);
    expect({ status: history.status, types: history.body.events.map((e: { type: string }) => e.type), intact: history.body.chain.intact }).toEqual({
      status: 200,
      types: ['ResourceSubmitted', 'ResourceChangesRequested', 'ResourceRevisionSubmitted', 'ResourcePublished', 'ResourceRevisionSubmitted', 'ResourcePublished', 'ResourceRetired'],
      intact: true,
    });

    expect(conformance.violations).toEqual([]);
  });

  it('rejects with a reason; a rejected item is not revised', async () => {
    const item = '/resources/an-item-out-of-scope';
    await accepted(201, 'partner3', 'POST', item, { ...guide, title: 'A leaflet for a private event' });
    await accepted(202, 'admin', 'POST', `${item}/reject`, { reason: 'Not about preventing violent extremism.' });
    const read = await request('partner3', 'GET', `${item}/editorial`);
    expect({ status: read.body.status, decision: read.body.lastDecision.decision, reason: read.body.lastDecision.reason }).toEqual({ status: 'rejected', decision: 'rejected', reason: 'Not about preventing violent extremism.' });
    await refused(409, 'resource.rejected', 'partner3', 'PUT', item, guide);
    await refused(409, 'resource.not-published', 'admin', 'POST', `${item}/retire`, { reason: 'Nothing to retire.' });
    expect(conformance.violations).toEqual([]);
  });
});
