import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import type { PortalUnderTest } from './portal-under-test';

const h1 = (page: Page) => page.locator('h1').textContent();
const results = (page: Page) => page.locator('ul.results h3').allTextContents();
const SW = { locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw-KE,sw;q=0.9' } };

/**
 * The library in the portal on the demo data (issue 12): the public searches it in English and
 * in Kiswahili, reads an item and finds the feed; a partner suggests a resource (a refusal shown
 * on its field first) and follows it in their submissions; an NCTC editor publishes it from the
 * review queue (a decision without its reason refused first), and the public finds it. Axe on
 * every page, in both languages. Written against a PortalUnderTest that runs resources.
 */
export const publicAndPartnersUseTheLibrary = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('the public and partners use the library', (browser) => {
    let put: PortalUnderTest;
    beforeAll(async () => {
      put = await start();
    });
    afterAll(async () => put?.stop());

    it('searches the library in English, reads an item and finds the feed', async () => {
      const page = await newPage(browser());
      await page.goto(`${put.portal}/`);
      await page.getByRole('link', { name: 'Library' }).click();
      expect(await h1(page)).toBe('Library');
      await expectAccessible(page);
      await page.getByLabel('Words to search for').fill('parents');
      await page.getByLabel('For whom').selectOption('families');
      await page.getByRole('button', { name: 'Search' }).click();
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ q: 'parents', language: '', audience: 'families', type: '', pillar: '', county: '' });
      expect(await results(page)).toEqual(['Talking with a young person who is being drawn in']);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Talking with a young person who is being drawn in' }).click();
      expect(new URL(page.url()).pathname).toBe('/library/items/talking-with-a-young-person');
      expect(await page.getByText('CC BY 4.0').count()).toBe(1);
      await expectAccessible(page);
      await keepScreenshot(page, 'library-item');
      const feed = await page.request.get(`${put.portal}/library/feed.atom`);
      expect({ status: feed.status(), type: feed.headers()['content-type'] }).toEqual({ status: 200, type: 'application/atom+xml; charset=utf-8' });
      expect((await feed.text()).match(/<entry /g)).toHaveLength(5);
      await page.context().close();
    });

    it('searches the library in Kiswahili', async () => {
      const page = await newPage(browser(), SW);
      await page.goto(`${put.portal}/library`);
      expect(await h1(page)).toBe('Maktaba');
      await page.getByLabel('Maneno ya kutafuta').fill('mzazi');
      await page.getByLabel('Lugha').selectOption('sw');
      await page.getByRole('button', { name: 'Tafuta' }).click();
      expect(await results(page)).toEqual(['Kuzungumza na kijana anayevutwa katika itikadi kali']);
      await expectAccessible(page);
      await page.getByLabel('Maneno ya kutafuta').fill('zebra');
      await page.getByRole('button', { name: 'Tafuta' }).click();
      expect(await page.getByRole('status').textContent()).toContain('Hakuna rasilimali iliyochapishwa inayolingana');
      await expectAccessible(page);
      await page.context().close();
    });

    it('lets a partner suggest a resource and an NCTC editor publish it', async () => {
      const partner = await newPage(browser());
      await signInAs(partner, put.portal, 'partner', '/library/submit');
      expect(await h1(partner)).toBe('Suggest a resource');
      await expectAccessible(partner);
      await partner.getByLabel('A short name for its web address').fill('youth-radio-guide');
      await partner.getByLabel('Title').fill('Making youth radio against recruitment');
      await partner.getByLabel('Summary').fill('How community radio stations can give young people a voice.');
      await partner.getByLabel('Source (who wrote or published it)').fill('Amani Youth Initiative');
      await partner.getByLabel('Licence (for example CC BY 4.0)').fill('CC BY 4.0');
      await partner.getByRole('checkbox', { name: 'Media and online' }).check();
      await partner.getByRole('checkbox', { name: 'Young people' }).check();
      await partner.getByRole('button', { name: 'Send for review' }).click();
      // No text and no link: the service's refusal on its field.
      expect(await partner.locator('#error-summary li').allTextContents()).toEqual(['Give the text of the resource (at least 10 characters), or a link to it']);
      await expectAccessible(partner);
      await partner.getByLabel('Text of the resource').fill('Start with a weekly call-in show run by young presenters; invite parents and religious leaders.');
      await partner.getByRole('button', { name: 'Send for review' }).click();
      expect(new URL(partner.url()).pathname).toBe('/library/mine');
      expect(await partner.getByRole('status').textContent()).toContain('Sent for review');
      expect(await partner.getByRole('heading', { level: 2, name: /Making youth radio against recruitment/ }).textContent()).toContain('Waiting for review');
      await expectAccessible(partner);
      await partner.context().close();

      const editor = await newPage(browser(), SW);
      await signInAs(editor, put.portal, 'admin', '/library/review');
      expect(await h1(editor)).toBe('Ukaguzi wa maktaba');
      await editor.getByRole('button', { name: 'Kataa Making youth radio against recruitment' }).click();
      expect(await editor.locator('#error-summary li').allTextContents()).toEqual(['Toa sababu ya angalau herufi 5']);
      await expectAccessible(editor);
      await editor.getByRole('button', { name: 'Chapisha Making youth radio against recruitment' }).click();
      expect(await editor.getByRole('status').first().textContent()).toContain('Imechapishwa.');
      await expectAccessible(editor);
      await editor.context().close();

      const reader = await newPage(browser());
      await reader.goto(`${put.portal}/library?q=radio`);
      expect(await results(reader)).toEqual(['Making youth radio against recruitment']);
      await reader.context().close();
    });
  });
