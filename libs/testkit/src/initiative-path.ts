import { anOrganizationProfile } from './organization-builders';
import type { PathResponse } from './proposal-path';

/** An initiative a partner declares (overrides replace fields). */
export const anInitiative = (overrides: Record<string, unknown> = {}) => ({
  title: 'Likoni youth mentoring circles',
  description: 'Weekly mentoring circles for young people in Likoni, run with the ward peace committees.',
  counties: ['001'],
  pillars: ['psychosocial', 'education'],
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  partners: [],
  budgetBand: '1m-to-10m',
  planActions: [],
  sensitive: false,
  ...overrides,
});

export interface InitiativePathContext {
  /** A request to the county-plans service. */
  request(user: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<PathResponse>;
  /** A request to the registration service. */
  registration(user: string | undefined, method: string, path: string, body?: unknown): Promise<PathResponse>;
}

const PROBLEM = 'https://csm.go.ke/problems/';

/**
 * Initiatives (issue 10) through HTTP: Amani Youth and Pwani Peace registered and verified by
 * the NCTC (registration's events reach county-plans through the bus); Amani declares an
 * initiative with Pwani as partner and an action of Mombasa's published plan; refusals (an
 * unverified organisation, another organisation, a wrong role, an unknown partner or plan
 * action, bad input); the NCTC asks for changes, Amani amends, the NCTC features it; sensitive
 * initiatives counted per county for the public ("fewer than 3" below 3); one closed.
 *
 * Users: `partner` (amani-youth), `partner2` (pwani-peace), `partner3` (kisumu-dialogue, never
 * registered here), `county` (officer of 001), `admin` (NCTC). Expects Mombasa (001) to have a
 * published plan with the action `mentorship-likoni` (runCountyPlanPath) and no initiatives yet.
 */
export const runInitiativePath = async (ctx: InitiativePathContext): Promise<void> => {
  const { request, registration } = ctx;
  const expectCommand = async (response: Promise<PathResponse>, status: number) => {
    const answer = await response;
    expect({ status: answer.status, body: answer.body }).toEqual({ status, body: { streamId: expect.any(String), revision: expect.stringMatching(/^\d+$/), position: expect.stringMatching(/^\d+$/), replayed: false } });
    return answer.body as { streamId: string; revision: string; position: string };
  };
  const expectProblem = async (response: Promise<PathResponse>, status: number, type: string) => {
    const answer = await response;
    expect({ status: answer.status, type: answer.body?.type, contentType: answer.headers.get('content-type') }).toEqual({
      status,
      type: `${PROBLEM}${type}`,
      contentType: expect.stringContaining('application/problem+json'),
    });
    return answer.body;
  };

  // --- Registration facts, through registration's own API ----------------------------------
  let verifiedAt = '0';
  for (const [user, org, name] of [
    ['partner', 'amani-youth', 'Amani Youth Initiative'],
    ['partner2', 'pwani-peace', 'Pwani Peace Network'],
  ] as const) {
    const registered = await registration(user, 'POST', '/organizations', anOrganizationProfile({ name }));
    if (registered.status === 201) {
      expect((await registration(user, 'POST', `/organizations/${org}/submit`, {})).status).toBe(202);
      const verified = await registration('admin', 'POST', `/organizations/${org}/verify`, {});
      expect(verified.status).toBe(202);
      verifiedAt = verified.body.position;
    }
  }
  // county-plans learns it from the events: read-your-writes on its own copy.
  await request('admin', 'GET', `/initiatives?minPosition=${verifiedAt}`);

  const path = '/organizations/amani-youth/initiatives/likoni-mentoring';
  const initiative = anInitiative({ partners: ['pwani-peace'], planActions: [{ countyCode: '001', actionId: 'mentorship-likoni' }] });

  // --- Refusals that change nothing --------------------------------------------------------
  await expectProblem(request('partner3', 'POST', '/organizations/kisumu-dialogue/initiatives/dialogue', anInitiative()), 403, 'initiative.organization-not-verified');
  await expectProblem(request('partner2', 'POST', path, initiative), 403, 'forbidden');
  await expectProblem(request('county', 'POST', path, initiative), 403, 'forbidden');
  await expectProblem(request(undefined, 'POST', path, initiative), 401, 'unauthorized');
  const invalid = await expectProblem(request('partner', 'POST', path, { ...initiative, budgetBand: 'a-lot', pillars: [] }), 400, 'validation');
  expect(invalid.errors.map((e: { path: string }) => e.path).sort()).toEqual(['budgetBand', 'pillars']);
  const twice = await expectProblem(request('partner', 'POST', path, { ...initiative, counties: ['001', '001'], endsOn: '2025-12-31' }), 400, 'validation');
  expect(twice.errors.map((e: { path: string }) => e.path).sort()).toEqual(['counties.1', 'endsOn']);
  await expectProblem(request('partner', 'POST', path, { ...initiative, partners: ['kisumu-dialogue'] }), 422, 'initiative.unknown-partners');
  await expectProblem(request('partner', 'POST', path, { ...initiative, planActions: [{ countyCode: '001', actionId: 'no-such-action' }] }), 422, 'initiative.unknown-plan-actions');
  await expectProblem(request('partner', 'POST', path, { ...initiative, planActions: [{ countyCode: '002', actionId: 'mentorship-likoni' }], counties: ['001', '002'] }), 422, 'initiative.unknown-plan-actions');
  expect((await request('partner', 'GET', path)).status).toBe(404);

  // --- Declared, then kept current -----------------------------------------------------------
  const declared = await expectCommand(request('partner', 'POST', path, initiative), 201);
  await expectProblem(request('partner', 'POST', path, initiative), 409, 'initiative.already-exists');
  const own = await request('partner', 'GET', `${path}?minPosition=${declared.position}`);
  expect({ status: own.status, etag: own.headers.get('etag') }).toEqual({ status: 200, etag: '"0"' });
  expect(own.body).toEqual({
    ...initiative,
    organizationId: 'amani-youth',
    organizationName: 'Amani Youth Initiative',
    organizationType: 'community-based',
    initiativeId: 'likoni-mentoring',
    status: 'active',
    featured: false,
    declaredAt: expect.any(String),
    updatedAt: expect.any(String),
    revision: 0,
  });
  await expectProblem(request('partner2', 'PUT', path, { ...initiative, title: 'Taken over by Pwani' }), 403, 'forbidden');
  await expectProblem(request('partner2', 'GET', path), 403, 'forbidden');

  await expectProblem(request('partner', 'POST', `${path}/changes-requested`, { reason: 'Name the wards.' }), 403, 'forbidden');
  await expectProblem(request('admin', 'POST', `${path}/changes-requested`, {}), 400, 'validation');
  const asked = await expectCommand(request('admin', 'POST', `${path}/changes-requested`, { reason: 'Name the wards you work in.' }), 202);
  const sentBack = await request('partner', 'GET', `/organizations/amani-youth/initiatives?minPosition=${asked.position}`);
  expect(sentBack.body.items.map((i: { changesRequested?: { reason: string } }) => i.changesRequested?.reason)).toEqual(['Name the wards you work in.']);
  await expectProblem(request('partner', 'PUT', path, { ...initiative, title: 'Stale' }, { 'If-Match': '"0"' }), 412, 'precondition-failed');
  const amended = await expectCommand(
    request('partner', 'PUT', path, { ...initiative, description: 'Weekly mentoring circles in Likoni, Timbwani and Shika Adabu wards.', endsOn: undefined }, { 'If-Match': '"1"' }),
    202,
  );
  const current = await request('partner', 'GET', `${path}?minPosition=${amended.position}`);
  expect({ changesRequested: current.body.changesRequested, endsOn: current.body.endsOn, revision: current.body.revision }).toEqual({ changesRequested: undefined, endsOn: undefined, revision: 2 });
  await expectCommand(request('admin', 'POST', `${path}/feature`, {}), 202);
  await expectProblem(request('admin', 'POST', `${path}/feature`, {}), 409, 'initiative.already-featured');

  // --- Sensitive initiatives: counted per county for the public ----------------------------
  let last = '0';
  for (const [id, counties] of [
    ['returnee-support-a', ['002']],
    ['returnee-support-b', ['003']],
    ['returnee-support-c', ['003']],
    ['returnee-support-d', ['003', '002']],
  ] as const) {
    last = (await expectCommand(request('partner2', 'POST', `/organizations/pwani-peace/initiatives/${id}`, anInitiative({ title: `Returnee support ${id.slice(-1)}`, counties, pillars: ['security'], sensitive: true, budgetBand: 'under-1m' })), 201)).position;
  }
  const closed = await expectCommand(request('partner2', 'POST', '/organizations/pwani-peace/initiatives/returnee-support-b/close', { reason: 'The work moved to the county.' }), 202);
  await expectProblem(request('partner2', 'POST', '/organizations/pwani-peace/initiatives/returnee-support-b/close', {}), 409, 'initiative.closed');
  if (BigInt(closed.position) > BigInt(last)) last = closed.position;

  const everyone = await request(undefined, 'GET', `/initiatives?minPosition=${last}`);
  expect(everyone.status).toBe(200);
  expect(everyone.body.items.map((i: { initiativeId: string }) => i.initiativeId)).toEqual(['likoni-mentoring']);
  expect(everyone.body.items[0]).not.toHaveProperty('sensitive');
  expect(everyone.body.items[0]).not.toHaveProperty('revision');
  expect(everyone.body.items[0]).toMatchObject({ organizationName: 'Amani Youth Initiative', featured: true, partners: ['pwani-peace'] });
  expect(everyone.body.sensitiveByCounty).toEqual([
    { countyCode: '002', count: 'fewer than 3' },
    { countyCode: '003', count: 3 },
  ]);
  const active = await request(undefined, 'GET', '/initiatives?status=active');
  expect(active.body.sensitiveByCounty).toEqual([
    { countyCode: '002', count: 'fewer than 3' },
    { countyCode: '003', count: 'fewer than 3' },
  ]);
  const nctc = await request('admin', 'GET', '/initiatives?pillar=security&status=active');
  expect({ ids: nctc.body.items.map((i: { initiativeId: string }) => i.initiativeId), counts: nctc.body.sensitiveByCounty }).toEqual({ ids: ['returnee-support-a', 'returnee-support-c', 'returnee-support-d'], counts: [] });
  const where = async (query: string) => (await request(undefined, 'GET', `/initiatives?${query}`)).body.items.map((i: { initiativeId: string }) => i.initiativeId);
  expect(await where('county=001&organizationType=community-based')).toEqual(['likoni-mentoring']);
  expect(await where('county=002')).toEqual([]);
  expect(await where('pillar=education&from=2030-01-01')).toEqual(['likoni-mentoring']);
  expect(await where('to=2025-12-31')).toEqual([]);
  expect((await request(undefined, 'GET', '/initiatives?county=048')).status).toBe(400);
};
