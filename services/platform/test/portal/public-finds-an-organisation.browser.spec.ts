import type { EmbeddedPlatform } from '../../src';
import { describeInBrowser, expectAccessible as checkAccessible, keepScreenshot, newPage } from './browser';
import { startSeededPlatform } from './seeded-platform';

jest.setTimeout(60_000);

describeInBrowser('a member of the public finds a verified organisation', (browser) => {
  let platform: EmbeddedPlatform;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ platform, stop } = await startSeededPlatform());
  });
  afterAll(async () => stop?.());

  const findAmaniInMombasa = async (javaScriptEnabled: boolean, screenshot: string) => {
    const page = await newPage(browser(), { javaScriptEnabled });
    // axe runs as script in the page, so it checks these same pages in the journey with script on.
    const expectAccessible = javaScriptEnabled ? checkAccessible : async () => undefined;
    await page.goto(platform.urls.portal);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Find an organisation' }).click();
    expect(await page.locator('h1').textContent()).toBe('Verified organisations');
    await expectAccessible(page);

    await page.getByLabel('County').selectOption({ label: 'Mombasa' });
    await page.getByLabel('Pillar').selectOption({ label: 'Psychosocial' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // With script the results are replaced in place and the address follows; without, the page loads.
    await page.waitForURL((url) => url.searchParams.get('county') === '001' && url.searchParams.get('pillar') !== null);
    await page.locator('.result-count').getByText('1 organisation found').waitFor();
    expect(await page.locator('.results h3').allTextContents()).toEqual(['Amani Youth Initiative']);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Amani Youth Initiative' }).click();
    expect(await page.locator('h1').textContent()).toBe('Amani Youth Initiative');
    expect(new URL(page.url()).pathname).toBe('/directory/amani-youth');
    await expectAccessible(page);
    await keepScreenshot(page, screenshot);
    await page.context().close();
  };

  it('shows the home page as the README’s first screen shows it', async () => {
    const page = await newPage(browser(), { viewport: { width: 1100, height: 900 } });
    await page.goto(platform.urls.portal);
    expect(await page.locator('h1').textContent()).toBe('Working together to prevent violent extremism');
    await checkAccessible(page);
    // `npm run readme:screenshot` copies it to docs/portal-home.png.
    await keepScreenshot(page, 'readme-portal-home', false);
    await page.context().close();
  });

  it('filters the directory by county and pillar and opens the profile', async () => {
    await findAmaniInMombasa(true, 'public-finds-an-organisation');
  });

  it('does the same with JavaScript switched off', async () => {
    await findAmaniInMombasa(false, 'public-finds-an-organisation-without-javascript');
  });

  it('with script, replaces only the results when a filter changes (htmx), keeping the page and its address in step', async () => {
    const page = await newPage(browser());
    await page.goto(`${platform.urls.portal}/directory`);
    // A mark on this document: a full page load would lose it, an in-place update keeps it.
    await page.evaluate('document.body.dataset.loadedOnce = "yes"');
    await page.getByLabel('County').selectOption({ label: 'Mombasa' });
    await page.waitForURL((url) => url.searchParams.get('county') === '001');
    await page.locator('.result-count').getByText('1 organisation found').waitFor();
    expect(await page.locator('.results h3').allTextContents()).toEqual(['Amani Youth Initiative']);
    expect(await page.evaluate('document.body.dataset.loadedOnce')).toBe('yes');
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await checkAccessible(page);
    await page.context().close();
  });

  it('works from the keyboard alone: skip link, filters, results', async () => {
    const page = await newPage(browser(), { javaScriptEnabled: false });
    await page.goto(`${platform.urls.portal}/directory`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    await page.locator('#filter-q').focus();
    await page.keyboard.type('Amani');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'Amani');
    const link = page.getByRole('link', { name: 'Amani Youth Initiative' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/directory/amani-youth');
    expect(await page.locator('h1').textContent()).toBe('Amani Youth Initiative');
    await page.context().close();
  });

  it('is told plainly when a filter in the address is not one the directory knows', async () => {
    const page = await newPage(browser());
    const expectAccessible = checkAccessible;
    await page.goto(`${platform.urls.portal}/directory?type=spaceship`);
    // The error summary takes focus, so a screen reader starts with what went wrong.
    expect(await page.evaluate('document.activeElement.id')).toBe('error-summary');
    expect(await page.locator('.error-summary').textContent()).toContain('Choose a type of organisation from the list.');
    await page.getByRole('link', { name: 'Choose a type of organisation from the list.' }).click();
    expect(await page.locator('#filter-type:focus').count()).toBe(1);
    await expectAccessible(page);
    await keepScreenshot(page, 'public-is-told-a-filter-is-unknown');
    await page.context().close();
  });
});
