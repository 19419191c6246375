import type { Page } from 'playwright-core';
import { anInitiative } from '@csm/testkit';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage } from './browser';
import { embeddedPortal, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(120_000);

/**
 * The public county page says who acts there (issue 10, initiatives): Amani Youth (verified in
 * the demo data) declares an initiative in Mombasa with Kisumu Interfaith Dialogue as partner;
 * Kisumu declares a sensitive one. An anonymous visitor reads Amani's on `/counties/001`, and of
 * the sensitive one only "fewer than 3", in English and in Kiswahili, with no axe violation.
 */
describeInBrowser('the public reads who acts in a county', (browser) => {
  let put: PortalUnderTest;
  beforeAll(async () => {
    put = await embeddedPortal();
    for (const [user, path, body] of [
      ['partner', '/organizations/amani-youth/initiatives/likoni-circles', anInitiative({ partners: ['kisumu-dialogue'] })],
      ['partner3', '/organizations/kisumu-dialogue/initiatives/returnees', anInitiative({ title: 'Returnee reintegration support', sensitive: true, pillars: ['security'] })],
    ] as const) {
      const answer = await callApi(put.countyPlans!, 'POST', path, { token: await put.token(user), body });
      expect(answer.status).toBe(201);
      // Read-your-writes before the page is opened.
      await callApi(put.countyPlans!, 'GET', `/initiatives?minPosition=${answer.body.position}`);
    }
  });
  afterAll(async () => put?.stop());

  const section = (page: Page) => page.locator('h2', { hasText: /^(Who acts here|Wanaotenda kazi hapa)$/ });

  it('shows Amani’s initiative and only a count of the sensitive one', async () => {
    const page = await newPage(browser());
    await page.goto(`${put.portal}/counties/001`);
    expect(await section(page).textContent()).toBe('Who acts here');
    expect(await page.locator('h3', { hasText: 'Likoni youth mentoring circles' }).textContent()).toBe('Likoni youth mentoring circles');
    expect(await page.getByText('By Amani Youth Initiative · From 2026-01-01 to 2027-12-31').count()).toBe(1);
    expect(await page.getByText('Fewer than 3 other initiatives in this county are not shown, to protect the people they work with.').count()).toBe(1);
    expect(await page.getByText('Returnee reintegration support').count()).toBe(0);
    await expectAccessible(page);
    await keepScreenshot(page, `${put.name}-public-reads-who-acts-in-a-county`);

    const kiswahili = await newPage(browser(), { locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw' } });
    await kiswahili.goto(`${put.portal}/counties/001`);
    expect(await section(kiswahili).textContent()).toBe('Wanaotenda kazi hapa');
    expect(await kiswahili.getByText('Mipango mingine isiyozidi 2 katika kaunti hii haionyeshwi, ili kuwalinda watu wanaohudumiwa nayo.').count()).toBe(1);
    await expectAccessible(kiswahili);
  });
});
