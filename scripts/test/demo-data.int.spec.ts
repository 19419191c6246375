import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anOrganizationProfile } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '@csm/platform';
import { seedDemoData } from '../seed/demo-data';
import { seededQuarters } from '../seed/county-demo-data';

jest.setTimeout(60_000);

let platform: EmbeddedPlatform;
const lines: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'csm-seeded-'));

beforeAll(async () => {
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  const started = Date.now();
  await seedDemoData(platform, (line) => lines.push(line), { reviewStage: true, counties: true });
  console.log(`demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s, ${lines.length} steps`);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const register = async (username: string, name: string) =>
  callApi(platform.urls.registration, 'POST', '/organizations', {
    token: await passwordToken(platform.urls.issuer, username),
    body: anOrganizationProfile({ name }),
  });

describe('the demo data `npm start` seeds', () => {
  it('leaves the `newcomer` account free to register its organisation', async () => {
    const registered = await register('newcomer', 'Garissa Women for Peace');
    expect(registered.status).toBe(201);
    expect(registered.headers.get('location')).toBe('/organizations/garissa-women-peace');

    const own = await callApi(platform.urls.registration, 'GET', `/organizations/garissa-women-peace?minPosition=${registered.body.position}`, {
      token: await passwordToken(platform.urls.issuer, 'newcomer'),
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ _id: 'garissa-women-peace', status: 'draft', profile: { name: 'Garissa Women for Peace' } });
  });

  it('has published library items in English and Kiswahili, found by search and in the feed, and one waiting for review', async () => {
    const head = await platform.store.headPosition();
    const english = await callApi(platform.urls.resources, 'GET', `/resources?language=en&minPosition=${head}`);
    const kiswahili = await callApi(platform.urls.resources, 'GET', '/resources?q=mzazi');
    expect(english.body.items.map((i: { resourceId: string }) => i.resourceId).sort()).toEqual(['gcerf', 'interfaith-dialogue-lessons', 'talking-with-a-young-person']);
    expect(kiswahili.body.items.map((i: { resourceId: string }) => i.resourceId)).toEqual(['kuzungumza-na-kijana']);
    const feed = await callApi(platform.urls.resources, 'GET', '/feed.atom');
    expect((feed.body as string).match(/<entry /g)).toHaveLength(5);
    const queue = await callApi(platform.urls.resources, 'GET', '/editorial-queue', { token: await passwordToken(platform.urls.issuer, 'admin') });
    expect(queue.body.items.map((i: { resourceId: string }) => i.resourceId)).toEqual(['classroom-conversations']);
  });

  it('has published the plans of Mombasa, Kwale, Garissa and Nairobi', async () => {
    const plans = await callApi(platform.urls.countyPlans, 'GET', `/county-plans?minPosition=${await platform.store.headPosition()}`);
    expect(plans.status).toBe(200);
    expect(plans.body.items).toEqual([
      expect.objectContaining({ countyCode: '001', countyName: 'Mombasa', publishedVersion: 1, taxonomy: 'nscve-2016' }),
      expect.objectContaining({ countyCode: '002', countyName: 'Kwale', publishedVersion: 1 }),
      expect.objectContaining({ countyCode: '007', countyName: 'Garissa', publishedVersion: 1 }),
      expect.objectContaining({ countyCode: '047', countyName: 'Nairobi', publishedVersion: 1 }),
    ]);
  });

  it('has two quarters of reports of each, published after three approvals, Mombasa’s first returned once and corrected', async () => {
    const [first, second] = seededQuarters();
    for (const code of ['001', '002', '007', '047']) {
      for (const period of [first, second]) {
        const report = await callApi(platform.urls.countyPlans, 'GET', `/county-reports/${code}/${period}`, { token: await passwordToken(platform.urls.issuer, 'admin') });
        expect({ code, period, status: report.body.status, returns: report.body.returns.length }).toEqual({ code, period, status: 'published', returns: code === '001' && period === first ? 1 : 0 });
      }
    }
    const rollup = await callApi(platform.urls.countyPlans, 'GET', `/rollup?period=${second}`);
    expect(rollup.status).toBe(200);
    expect(JSON.stringify(rollup.body)).toContain('"approved"');
  });

  it('has initiatives of the verified organisations, the sensitive one only counted for the public', async () => {
    const initiatives = await callApi(platform.urls.countyPlans, 'GET', '/initiatives');
    expect(initiatives.body.items.map((i: { title: string }) => i.title)).toEqual(['Coast youth mentoring circles', 'Interfaith youth voices']);
    expect(initiatives.body.sensitiveByCounty).toEqual([{ countyCode: '001', count: 'fewer than 3' }]);
  });

  it('says what it seeds, step by step', () => {
    expect(lines.at(-1)).toMatch(/^(\d+)\/\1 /);
    expect(lines.some((line) => line.includes('Nairobi reports on'))).toBe(true);
  });

  it('gives every panel reviewer a proposal to assess on their first visit', async () => {
    const head = (await platform.store.headPosition()).toString();
    for (const reviewer of ['reviewer', 'reviewer2', 'reviewer3']) {
      const queue = await callApi(platform.urls.proposals, 'GET', `/reviews?minPosition=${head}`, { token: await passwordToken(platform.urls.issuer, reviewer) });
      expect(queue.status).toBe(200);
      expect(queue.body.items).toEqual([expect.objectContaining({ proposalId: 'direct-interfaith-youth-forums.kisumu-dialogue', status: 'eligible' })]);
    }
  });

  it.each(['partner', 'partner2', 'partner3'])('has already registered the organisation of %s (409)', async (username) => {
    expect((await register(username, 'A Second Organisation')).status).toBe(409);
  });
});
