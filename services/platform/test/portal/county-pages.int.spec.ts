import { anInitiative } from '@csm/testkit';
import { callApi, passwordToken, type EmbeddedPlatform } from '../../src';
import { startSeededPlatform } from './seeded-platform';

jest.setTimeout(60_000);

let platform: EmbeddedPlatform;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ platform, stop } = await startSeededPlatform());
});
afterAll(async () => stop?.());

const page = async (path: string) => {
  const response = await fetch(`${platform.urls.portal}${path}`, { redirect: 'manual', headers: { 'accept-language': 'en' } });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
};

describe('the County Action Plans pages without a browser', () => {
  it('lists the 47 counties to anyone, with the demo data’s one published plan', async () => {
    const counties = await page('/counties');
    expect(counties.status).toBe(200);
    expect([...counties.html.matchAll(/<a href="\/counties\/(\d{3})">/g)].map((m) => m[1])).toHaveLength(47);
    expect(counties.html).toContain('<caption>The 47 counties: 1 has a published plan</caption>');
  });

  it('shows a county with no published plan as such, and no page for a code that is no county', async () => {
    const kwale = await page('/counties/002');
    expect(kwale.status).toBe(200);
    expect(kwale.html).toContain('This county has not published its action plan yet.');
    expect((await page('/counties/048')).status).toBe(404);
  });

  it('leaves the sensitive action out of the public county page', async () => {
    const mombasa = await page('/counties/001');
    expect(mombasa.html).toContain('Peer mentorship circles in Likoni and Kisauni');
    expect(mombasa.html).not.toContain('fisheries');
  });

  it('lists who acts in the county on its public page, sensitive initiatives only as "fewer than 3", in English and Kiswahili', async () => {
    const declare = async (user: string, path: string, body: unknown) => {
      const answer = await callApi(platform.urls.countyPlans, 'POST', path, { token: await passwordToken(platform.urls.issuer, user), body });
      expect(answer.status).toBe(201);
      return BigInt(answer.body.position);
    };
    await declare('partner', '/organizations/amani-youth/initiatives/likoni-circles', anInitiative({ partners: ['kisumu-dialogue'] }));
    await platform.caughtUp(await declare('partner3', '/organizations/kisumu-dialogue/initiatives/returnees', anInitiative({ title: 'Returnee reintegration support', sensitive: true, pillars: ['security'] })));
    const mombasa = await page('/counties/001');
    expect(mombasa.html).toContain('<h2>Who acts here</h2>');
    expect(mombasa.html).toContain('<h3>Likoni youth mentoring circles</h3>');
    expect(mombasa.html).toContain('By Amani Youth Initiative · From 2026-01-01 to 2027-12-31');
    expect(mombasa.html).toContain('<strong>Budget:</strong> KES 1 million to 10 million');
    expect(mombasa.html).toContain('Fewer than 3 other initiatives in this county are not shown, to protect the people they work with.');
    expect(mombasa.html).not.toContain('Returnee');
    const kiswahili = await (await fetch(`${platform.urls.portal}/counties/001`, { headers: { cookie: 'csm_lang=sw' } })).text();
    expect(kiswahili).toContain('<h2>Wanaotenda kazi hapa</h2>');
    expect(kiswahili).toContain('<strong>Bajeti:</strong> KES milioni 1 hadi milioni 10');
    expect((await page('/counties/002')).html).toContain('No organisation has declared an initiative in this county yet.');
  });

  it('sends an anonymous visitor of the officer’s and approvers’ pages to sign in', async () => {
    for (const path of ['/my-county', '/my-county/001/reports/2026-Q1/edit', '/county-review']) {
      const answer = await page(path);
      expect({ path, status: answer.status, location: answer.location }).toEqual({ path, status: 303, location: expect.stringMatching(/^\/signin\?back=/) });
    }
  });
});
