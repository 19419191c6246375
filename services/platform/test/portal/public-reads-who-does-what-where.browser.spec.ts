import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { describeInBrowser, expectAccessible, expectLightFirstLoad, keepScreenshot, newPage } from './browser';
import { embeddedPortal, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(120_000);

const h1 = (page: Page) => page.locator('h1').textContent();
const figures = (page: Page, county: string) =>
  page.getByRole('table', { name: 'The same figures, county by county' }).getByRole('row', { name: new RegExp(`^${county} `) }).locator('th, td').allTextContents();

/**
 * The public finds who does what where (issue 10) on the demo data: from the county list to the
 * map of the 47 counties, filters it with the plain form, follows a county's tile to its page,
 * and downloads the rows as HXL CSV — in English and in Kiswahili, axe on every page.
 */
describeInBrowser('the public reads who does what where on the map', (browser) => {
  let put: PortalUnderTest;
  beforeAll(async () => {
    put = await embeddedPortal();
  });
  afterAll(async () => put?.stop());

  it('finds the map from the county list, filters it, follows a county and downloads the CSV', async () => {
    const page = await newPage(browser());
    await page.goto(`${put.portal}/counties`);
    await page.getByRole('link', { name: 'See who does what where: the map of the 47 counties' }).click();
    expect(new URL(page.url()).pathname).toBe('/map');
    expect(await h1(page)).toBe('Who does what where');
    expect(await page.locator('svg a').count()).toBe(47);
    expect(await figures(page, 'Mombasa')).toEqual(['Mombasa', '2', '2', 'Fewer than 3']);
    expect(await page.getByText('fisheries', { exact: false }).count()).toBe(0);
    await expectAccessible(page);
    await keepScreenshot(page, `who-does-what-where-${put.name}`);

    await page.getByLabel('Type of organisation').selectOption('faith-based');
    await page.getByLabel('What to show').selectOption('organisation');
    await page.getByRole('button', { name: 'Show on the map' }).click();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ pillar: '', orgType: 'faith-based', status: '', kind: 'organisation', period: '', measure: 'actors' });
    expect(await figures(page, 'Kisumu')).toEqual(['Kisumu', '1', '0', '0']);
    expect(await figures(page, 'Mombasa')).toEqual(['Mombasa', '0', '0', '0']);
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download these rows as CSV (HXL)' }).click()]);
    expect(download.suggestedFilename()).toBe('who-does-what-where.csv');
    const records: string[][] = parse(readFileSync((await download.path())!, 'utf8'));
    expect(records[1]![0]).toBe('#org');
    expect(records.slice(2).map((r) => [r[0], r[3]])).toEqual([
      ['Kisumu Interfaith Dialogue', 'Kisumu'],
      ['Kisumu Interfaith Dialogue', 'Nairobi'],
    ]);

    await page.getByRole('link', { name: 'Kisumu (042): Actors 1' }).click();
    expect(new URL(page.url()).pathname).toBe('/counties/042');
    await page.context().close();
  });

  it('reads the map in Kiswahili, light enough for a phone', async () => {
    const page = await newPage(browser(), { locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw-KE,sw;q=0.9' } });
    await page.goto(`${put.portal}/map`);
    expect(await h1(page)).toBe('Nani anafanya nini wapi');
    expect(await page.getByRole('table', { name: 'Idadi zile zile, kaunti kwa kaunti' }).getByRole('row', { name: /^Mombasa / }).locator('td').allTextContents()).toEqual(['2', '2', 'Chini ya 3']);
    await page.getByRole('link', { name: 'Mombasa (001): Wahusika 2' }).click();
    expect(new URL(page.url()).pathname).toBe('/counties/001');
    await expectAccessible(page);
    await page.context().close();
    const fresh = await newPage(browser(), { locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw-KE,sw;q=0.9' } });
    await fresh.goto(`${put.portal}/map`);
    await expectLightFirstLoad(fresh);
    await expectAccessible(fresh);
    await fresh.context().close();
  });
});
