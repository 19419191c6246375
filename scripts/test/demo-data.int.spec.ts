import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anOrganizationProfile } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '@csm/platform';
import { seedDemoData } from '../seed/demo-data';

jest.setTimeout(60_000);

let platform: EmbeddedPlatform;
const dataDir = mkdtempSync(join(tmpdir(), 'csm-seeded-'));

beforeAll(async () => {
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  await seedDemoData(platform, () => undefined, { reviewStage: true });
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

  it('has published Mombasa’s County Action Plan', async () => {
    const plans = await callApi(platform.urls.countyPlans, 'GET', `/county-plans?minPosition=${await platform.store.headPosition()}`);
    expect(plans.status).toBe(200);
    expect(plans.body.items).toEqual([expect.objectContaining({ countyCode: '001', countyName: 'Mombasa', publishedVersion: 1, taxonomy: 'nscve-2016' })]);
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
