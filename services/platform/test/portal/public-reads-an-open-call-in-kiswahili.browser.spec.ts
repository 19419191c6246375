import type { EmbeddedPlatform } from '../../src';
import { describeInBrowser, expectAccessible, FIRST_LOAD_BUDGET_BYTES, keepScreenshot, newPage, transferredBytes } from './browser';
import { ANSWER, QUESTION, startSeededPlatform } from './seeded-platform';

jest.setTimeout(60_000);

const PHONE = { viewport: { width: 360, height: 640 }, locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw-KE,sw;q=0.9' } };

describeInBrowser('a member of the public reads an open call, in Kiswahili on a small phone', (browser) => {
  let platform: EmbeddedPlatform;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ platform, stop } = await startSeededPlatform());
  });
  afterAll(async () => stop?.());

  it('opens the call from the home page and reads its published questions and answers', async () => {
    const page = await newPage(browser(), PHONE);
    await page.goto(platform.urls.portal);
    expect(await page.getAttribute('html', 'lang')).toBe('sw');
    expect(await page.locator('h1').textContent()).toBe('Tukishirikiana kuzuia itikadi kali za vurugu');
    const firstLoad = await transferredBytes(page);
    expect(firstLoad).toBeGreaterThan(2_000); // the page and its stylesheet were measured, not nothing
    expect(firstLoad).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Tazama miito iliyo wazi' }).click();
    expect(await page.locator('h1').textContent()).toBe('Miito ya mapendekezo iliyo wazi');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Youth resilience in coastal counties' }).click();
    expect(await page.locator('.clarifications dt').allTextContents()).toEqual([`Swali: ${QUESTION}`]);
    expect(await page.locator('.clarifications dd').allTextContents()).toEqual([`Jibu: ${ANSWER}`]);
    await expectAccessible(page);
    await keepScreenshot(page, 'public-reads-an-open-call-in-kiswahili');
    await page.context().close();
  });

  it('switches to English with the visible switch and keeps it on the next page', async () => {
    const page = await newPage(browser(), PHONE);
    await page.goto(`${platform.urls.portal}/calls`);
    await page.getByRole('link', { name: 'English' }).click();
    expect(new URL(page.url()).pathname).toBe('/calls');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('link', { name: 'Organisations' }).click();
    expect(await page.locator('h1').textContent()).toBe('Verified organisations');
    await expectAccessible(page);
    await page.context().close();
  });
});
