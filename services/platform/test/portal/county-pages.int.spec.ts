import type { EmbeddedPlatform } from '../../src';
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

  it('sends an anonymous visitor of the officer’s and approvers’ pages to sign in', async () => {
    for (const path of ['/my-county', '/my-county/001/reports/2026-Q1/edit', '/county-review']) {
      const answer = await page(path);
      expect({ path, status: answer.status, location: answer.location }).toEqual({ path, status: 303, location: expect.stringMatching(/^\/signin\?back=/) });
    }
  });
});
