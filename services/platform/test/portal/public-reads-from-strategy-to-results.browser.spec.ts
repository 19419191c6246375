import type { Page } from 'playwright-core';
import { awardAPartnership } from '@csm/testkit';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { embeddedPortal, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(180_000);

const DAY_MS = 86_400_000;
/** A `datetime-local` value in Kenya's time, `days` from now. */
const kenyaLocal = (days: number) => new Date(Date.now() + days * DAY_MS + 3 * 3_600_000).toISOString().slice(0, 16);
const h1 = (page: Page) => page.locator('h1').textContent();

/**
 * Issue 10's trace on the county page, "From strategy to results": Mombasa's plan is published by
 * the demo data; a call funding its mentorship action is run to an award through the proposals
 * API with the demo users' tokens (Amani Youth, offer accepted), and a call funding its sensitive
 * fisheries action too. An anonymous visitor reads pillar → action → call → award → indicators on
 * `/counties/001`, in English and Kiswahili, with no axe violation, and nothing of the sensitive
 * award. The NCTC admin names plan actions on the call form, a bad line refused at the field.
 */
describeInBrowser('the public reads from strategy to results in a county', (browser) => {
  let put: PortalUnderTest;
  beforeAll(async () => {
    put = await embeddedPortal();
    const context = {
      request: async (service: 'registration' | 'proposals', user: string | undefined, method: string, path: string, body?: unknown) =>
        callApi(put[service], method, path, { ...(user ? { token: await put.token(user) } : {}), ...(body !== undefined ? { body } : {}) }),
      moveClock: (days: number) => put.moveClock(days),
    };
    await awardAPartnership(context, { callId: 'likoni-mentors-2027', callDetails: { title: 'Mentors for young people in Likoni', planActions: [{ countyCode: '001', actionId: 'mentorship-likoni' }] }, amount: 2_400_000 });
    const last = await awardAPartnership(context, {
      callId: 'kisauni-cooperatives',
      callDetails: { title: 'Fisheries cooperatives in Kisauni', planActions: [{ countyCode: '001', actionId: 'fisheries-cooperatives' }] },
      title: 'Cooperatives for returnees in Kisauni',
    });
    // Read-your-writes before the page is opened.
    await callApi(put.countyPlans!, 'GET', `/counties/001/trace?minPosition=${last.position}`);
  });
  afterAll(async () => put?.stop());

  it('shows pillar → action → call → award → indicators, and of the sensitive action only a count', async () => {
    const page = await newPage(browser());
    await page.goto(`${put.portal}/counties/001`);
    const section = page.locator('#strategy-to-results');
    expect(await section.textContent()).toBe('From strategy to results');
    const action = page.locator('ul.trace > li', { has: page.locator('h4', { hasText: 'Peer mentorship' }) });
    expect(await action.count()).toBe(1);
    expect(await action.getByRole('link', { name: 'Mentors for young people in Likoni' }).getAttribute('href')).toBe('/calls/likoni-mentors-2027');
    expect((await action.locator('li.trace-award').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Amani Youth Initiative: Mentors for Likoni, Ksh 2,400,000 Under way');
    expect(await action.locator('table caption').textContent()).toMatch(/^Indicators of: /);
    expect(await action.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['0', '1600', 'None reported yet']);
    expect(await page.getByText('Fewer than 3 other actions under this pillar are not shown, to protect the people they work with.').count()).toBe(1);
    expect(await page.getByText('Fisheries cooperatives in Kisauni').count()).toBe(0);
    expect(await page.getByText('Cooperatives for returnees in Kisauni').count()).toBe(0);
    await expectAccessible(page);
    await keepScreenshot(page, `${put.name}-public-reads-from-strategy-to-results`);

    const kiswahili = await newPage(browser(), { locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw' } });
    await kiswahili.goto(`${put.portal}/counties/001`);
    expect(await kiswahili.locator('#strategy-to-results').textContent()).toBe('Kutoka mkakati hadi matokeo');
    expect(await kiswahili.getByText('Hatua nyingine zisizozidi 2 chini ya nguzo hii hazionyeshwi, ili kuwalinda watu wanaohudumiwa nazo.').count()).toBe(1);
    expect(await kiswahili.locator('ul.trace .tag', { hasText: 'Inaendelea' }).count()).toBe(1);
    await expectAccessible(kiswahili);
  });

  it('links the IATI file from the county list, valid XML of the awards without the sensitive one', async () => {
    const page = await newPage(browser());
    await page.goto(`${put.portal}/counties`);
    const link = page.getByRole('link', { name: 'Open data: awarded partnerships as IATI 2.03 XML' });
    expect(await link.getAttribute('href')).toBe('/open-data/partnerships.iati.xml');
    await expectAccessible(page);
    const file = await page.request.get(`${put.portal}/open-data/partnerships.iati.xml`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/xml; charset=utf-8');
    const xml = await file.text();
    expect(xml).toContain('-likoni-mentors-2027.amani-youth</iati-identifier>');
    expect(xml).not.toContain('kisauni-cooperatives');
  });

  it('lets the NCTC admin name plan actions on a call, one per line, a bad line refused at the field', async () => {
    const page = await newPage(browser());
    await signInAs(page, put.portal, 'admin', '/manage/calls/new');
    expect(await h1(page)).toBe('Draft a call for proposals');
    await page.getByLabel('Short name for the web address').fill('likoni-mentors-2028');
    await page.getByLabel('Title').fill('Mentors for young people in Likoni, second round');
    await page.getByLabel('Background').fill('Young people in Likoni are targeted by recruiters online and in their neighbourhoods.');
    await page.getByLabel('Expected results').fill('Mentors and livelihood pathways for at-risk youth.');
    await page.getByLabel('Mombasa', { exact: true }).check();
    await page.getByLabel('Psychosocial', { exact: true }).check();
    await page.getByLabel('County-plan actions the call funds (optional)').fill('001/mentorship-likoni\nMombasa mentoring');
    await page.getByLabel('Community-based organisation', { exact: true }).check();
    await page.getByLabel('Smallest amount').fill('1000000');
    await page.getByLabel('Largest amount').fill('5000000');
    await page.getByLabel('Questions close').fill(kenyaLocal(10));
    await page.getByLabel('Concept notes close').fill(kenyaLocal(20));
    await page.getByLabel('Results expected on').fill(kenyaLocal(60).slice(0, 10));
    await page.getByLabel('Criterion 1', { exact: true }).fill('Relevance');
    await page.getByLabel('Weight of criterion 1 (%)').fill('100');
    await page.getByLabel('Review panel').fill('reviewer');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await h1(page)).toBe('Check the call before you create the draft');
    await page.getByRole('button', { name: 'Create draft call' }).click();
    expect(await h1(page)).toBe('Draft a call for proposals');
    const message = "Write one plan action per line: the county's three-digit code, a slash and the action's id in that county's plan, for example 001/youth-mentoring. Each line once, at most 200, in counties the call targets.";
    expect(await page.locator('.error-summary a').allTextContents()).toEqual([message]);
    expect(await page.locator('#field-planActions-error').textContent()).toContain(message);
    expect(await page.locator('#field-planActions').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await page.getByLabel('County-plan actions the call funds (optional)').fill('001/mentorship-likoni');
    await page.getByLabel('Review panel').fill('reviewer');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.summary-list div', { hasText: 'County-plan actions the call funds' }).locator('li').allTextContents()).toEqual(['001/mentorship-likoni']);
    await page.getByRole('button', { name: 'Create draft call' }).click();
    expect(await h1(page)).toBe('Mentors for young people in Likoni, second round');
    const call = await callApi(put.proposals, 'GET', '/calls/likoni-mentors-2028', { token: await put.token('admin') });
    expect(call.body.details.planActions).toEqual([{ countyCode: '001', actionId: 'mentorship-likoni' }]);
  });
});
