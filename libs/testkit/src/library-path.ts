import { convert } from 'xmlbuilder2';
import { anOrganizationProfile } from './organization-builders';
import type { PathResponse } from './proposal-path';

type Request = (user: string | undefined, method: string, path: string, body?: unknown) => Promise<PathResponse>;

export interface LibraryPathContext {
  /** A request to the resources service. */
  request: Request;
  /** A request to the registration service. */
  registration: Request;
}

const PROBLEM = 'https://csm.go.ke/problems/';

/**
 * The library's organisations through registration's API: Amani Youth (`partner`) and Kisumu
 * Interfaith Dialogue (`partner3`) verified by the NCTC, Pwani Peace Network (`partner2`)
 * submitted and awaiting verification. Resolves with the position of the last write.
 */
export const registerLibraryOrganizations = async (registration: Request): Promise<string> => {
  const must = async (user: string, method: string, path: string, body: unknown) => {
    const response = await registration(user, method, path, body);
    if (response.status >= 300) throw new Error(`fixture ${user} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };
  const organizations = [
    { user: 'partner', id: 'amani-youth', profile: anOrganizationProfile(), verify: true },
    { user: 'partner3', id: 'kisumu-dialogue', profile: anOrganizationProfile({ name: 'Kisumu Interfaith Dialogue', counties: ['042'] }), verify: true },
    { user: 'partner2', id: 'pwani-peace', profile: anOrganizationProfile({ name: 'Pwani Peace Network', counties: ['003'] }), verify: false },
  ];
  let position = '0';
  for (const { user, id, profile, verify } of organizations) {
    await must(user, 'POST', '/organizations', profile);
    position = (await must(user, 'POST', `/organizations/${id}/submit`, {})).body.position;
    if (verify) position = (await must('admin', 'POST', `/organizations/${id}/verify`, {})).body.position;
  }
  return position;
};

export const aLibraryGuide = (overrides: Record<string, unknown> = {}) => ({
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
  ...overrides,
});

/** The feed's entries, checked to be Atom 1.0 (RFC 4287 §4.1.1: namespace, id, title, updated, a self link). */
const feedEntriesOf = (response: PathResponse): { id: string; lang: string; title: string }[] => {
  expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({ status: 200, type: 'application/atom+xml; charset=utf-8' });
  const feed = (convert(response.body as string, { format: 'object' }) as any).feed;
  expect({ ns: feed['@xmlns'], id: feed.id, title: typeof feed.title, updated: Number.isNaN(Date.parse(feed.updated)), self: [feed.link].flat()[0]['@rel'] }).toEqual({
    ns: 'http://www.w3.org/2005/Atom',
    id: 'tag:csm.go.ke,2026:library',
    title: 'string',
    updated: false,
    self: 'self',
  });
  const entries = feed.entry === undefined ? [] : [feed.entry].flat();
  return entries.map((e: any) => ({ id: e.id, lang: e['@xml:lang'], title: e.title['#'] ?? e.title }));
};

/**
 * The library's whole path through HTTP (issue 12), with exact statuses and bodies: a partner of
 * a verified organisation submits, the NCTC asks for changes, another of the organisation's people
 * answers, the NCTC publishes; a county officer's Kiswahili guide is published too; the public
 * finds each in its language, with filters, and in the Atom feed; a new version goes through
 * review while version 1 stays public, then replaces it; the item is retired and leaves search,
 * the item page and the feed; its history is intact. Refusals change nothing: an unverified
 * organisation, a wrong role, another organisation, bad input. Reads pass the last write's
 * position (`minPosition`), so it runs as well across Kafka as in one process.
 *
 * Users: `partner`, `partner-member` (amani-youth), `partner2` (pwani-peace), `partner3`
 * (kisumu-dialogue), `county` (officer of 001), `admin` (NCTC editor), `auditor`.
 */
export const runLibraryPath = async ({ request, registration }: LibraryPathContext): Promise<void> => {
  let last = await registerLibraryOrganizations(registration);
  const read = (user: string | undefined, path: string) => request(user, 'GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`);
  const accepted = async (status: number, user: string, method: string, path: string, body: unknown = {}) => {
    const response = await request(user, method, path, body);
    expect({ status: response.status, body: response.body }).toEqual({ status, body: { streamId: expect.stringMatching(/^resource-/), revision: expect.stringMatching(/^\d+$/), position: expect.stringMatching(/^\d+$/), replayed: false } });
    last = response.body.position;
    return response;
  };
  const refused = async (status: number, type: string, user: string | undefined, method: string, path: string, body?: unknown) => {
    const response = method === 'GET' ? await read(user, path) : await request(user, method, path, body ?? {});
    expect({ status: response.status, type: response.body?.type }).toEqual({ status, type: `${PROBLEM}${type}` });
    return response;
  };
  const ids = (response: PathResponse) => (response.body.items as { resourceId: string }[]).map((i) => i.resourceId);
  const guide = aLibraryGuide();
  const mwongozo = aLibraryGuide({
    title: 'Kuzungumza na kijana anayevutwa katika itikadi kali',
    summary: 'Jinsi mzazi na jamaa wanavyoweza kusikiliza na kupata msaada mapema.',
    body: 'Sikiliza kwanza. Uliza maswali kuhusu marafiki na vikundi vya mtandaoni. Endelea kuzungumza.',
    language: 'sw',
  });
  const item = '/resources/talking-with-a-young-person';

  // --- Refusals that change nothing (the organisations' facts read first) -----------------
  expect((await read('admin', '/editorial-queue')).body).toEqual({ items: [] });
  await refused(403, 'resource.organization-not-verified', 'partner2', 'POST', item, guide);
  await refused(401, 'unauthorized', undefined, 'POST', item, guide);
  await refused(403, 'forbidden', 'auditor', 'POST', item, guide);
  const invalid = await refused(400, 'validation', 'partner', 'POST', item, { ...guide, language: 'Kiswahili', audiences: ['everyone'], body: undefined });
  expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['audiences.0', 'language']);

  // --- Submitted by Amani's partner; the NCTC asks for changes ------------------------------
  const submitted = await accepted(201, 'partner', 'POST', item, guide);
  expect(submitted.headers.get('location')).toBe(`${item}/editorial`);
  await refused(409, 'resource.already-exists', 'partner3', 'POST', item, guide);
  await refused(404, 'not-found', undefined, 'GET', item);
  expect(ids(await read('admin', '/editorial-queue'))).toEqual(['talking-with-a-young-person']);
  await refused(409, 'resource.in-review', 'partner', 'PUT', item, guide);
  await accepted(202, 'admin', 'POST', `${item}/changes-requested`, { reason: 'Add where families can get help in Kiswahili too.' });
  const sentBack = await read('partner-member', `${item}/editorial`);
  expect({ status: sentBack.status, stage: sentBack.body.pending.stage, decision: sentBack.body.lastDecision }).toEqual({
    status: 200,
    stage: 'changes-requested',
    decision: { decision: 'changes-requested', itemVersion: 1, reason: 'Add where families can get help in Kiswahili too.', at: expect.any(String) },
  });
  await refused(403, 'forbidden', 'partner3', 'GET', `${item}/editorial`);
  await refused(409, 'resource.not-in-review', 'admin', 'POST', `${item}/publish`);

  // --- Another of Amani's people answers (another organisation refused); published ----------
  await refused(403, 'resource.not-owner', 'partner3', 'PUT', item, guide);
  const answer = { ...guide, body: `${guide.body} In Kiswahili: the companion guide.` };
  await accepted(202, 'partner-member', 'PUT', item, answer);
  await accepted(202, 'admin', 'POST', `${item}/publish`);
  const kiswahili = '/resources/kuzungumza-na-kijana';
  await accepted(201, 'county', 'POST', kiswahili, mwongozo);
  await accepted(202, 'admin', 'POST', `${kiswahili}/publish`);

  // --- Found in English and Kiswahili, with filters; the public item ------------------------
  const publicItem = await read(undefined, item);
  expect({ status: publicItem.status, body: publicItem.body }).toEqual({
    status: 200,
    body: { ...answer, resourceId: 'talking-with-a-young-person', itemVersion: 1, firstPublishedAt: expect.any(String), publishedAt: expect.any(String) },
  });
  expect(ids(await read(undefined, '/resources?q=parents'))).toEqual(['talking-with-a-young-person']);
  expect(ids(await read(undefined, '/resources?q=mzazi'))).toEqual(['kuzungumza-na-kijana']);
  expect(ids(await read(undefined, '/resources?q=sikiliza&language=sw&audience=families&county=001&pillar=psychosocial&type=guide'))).toEqual(['kuzungumza-na-kijana']);
  expect(ids(await read(undefined, '/resources?q=mzazi&language=en'))).toEqual([]);
  expect((await read(undefined, '/resources')).body.total).toBe(2);
  await refused(400, 'validation', undefined, 'GET', '/resources?audience=everyone');

  // --- In the feed, newest first -------------------------------------------------------------
  expect(feedEntriesOf(await read(undefined, '/feed.atom'))).toEqual([
    { id: 'tag:csm.go.ke,2026:resource/kuzungumza-na-kijana', lang: 'sw', title: mwongozo.title },
    { id: 'tag:csm.go.ke,2026:resource/talking-with-a-young-person', lang: 'en', title: guide.title },
  ]);

  // --- A new version goes through review while version 1 stays public ------------------------
  const v2 = { ...answer, title: 'Talking with a young person who is being drawn in (2nd edition)' };
  await accepted(202, 'partner', 'PUT', item, v2);
  expect((await read(undefined, item)).body).toMatchObject({ itemVersion: 1, title: guide.title });
  const mine = await read('partner', '/my-submissions');
  expect(mine.body.items.map((i: { resourceId: string; status: string; pending?: { itemVersion: number } }) => [i.resourceId, i.status, i.pending?.itemVersion])).toEqual([['talking-with-a-young-person', 'published', 2]]);
  await accepted(202, 'admin', 'POST', `${item}/publish`);
  expect((await read(undefined, item)).body).toMatchObject({ itemVersion: 2, title: v2.title });
  expect(ids(await read(undefined, '/resources?q=edition'))).toEqual(['talking-with-a-young-person']);

  // --- Retired: out of search, the item page and the feed; its history stays ------------------
  await refused(403, 'forbidden', 'partner', 'POST', `${item}/retire`, { reason: 'Superseded.' });
  await accepted(202, 'admin', 'POST', `${item}/retire`, { reason: 'Superseded by the county guide.' });
  await refused(404, 'not-found', undefined, 'GET', item);
  expect(ids(await read(undefined, '/resources?q=parents'))).toEqual([]);
  expect(feedEntriesOf(await read(undefined, '/feed.atom')).map((e) => e.id)).toEqual(['tag:csm.go.ke,2026:resource/kuzungumza-na-kijana']);
  await refused(409, 'resource.retired', 'partner', 'PUT', item, v2);
  const history = await request('auditor', 'GET', `${item}/history`);
  expect({ status: history.status, types: history.body.events.map((e: { type: string }) => e.type), intact: history.body.chain.intact }).toEqual({
    status: 200,
    types: ['ResourceSubmitted', 'ResourceChangesRequested', 'ResourceRevisionSubmitted', 'ResourcePublished', 'ResourceRevisionSubmitted', 'ResourcePublished', 'ResourceRetired'],
    intact: true,
  });
};
