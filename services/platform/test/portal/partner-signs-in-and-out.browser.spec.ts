import type { EmbeddedPlatform } from '../../src';
import { describeInBrowser, expectAccessible, expectLightFirstLoad, keepScreenshot, newPage } from './browser';
import { startSeededPlatform } from './seeded-platform';

jest.setTimeout(60_000);

describeInBrowser('a partner signs in and out', (browser) => {
  let platform: EmbeddedPlatform;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ platform, stop } = await startSeededPlatform());
  });
  afterAll(async () => stop?.());

  it('signs in at the issuer, comes back to the page it left, and signs out', async () => {
    const page = await newPage(browser());
    await page.goto(`${platform.urls.portal}/calls`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    expect(page.url().startsWith(`${platform.urls.issuer}/protocol/openid-connect/auth?`)).toBe(true);

    await page.getByLabel('Username').fill('partner');
    await page.getByLabel('Password').fill('demo-password');
    await page.locator('form button, form input[type=submit]').first().click();
    await page.waitForURL(`${platform.urls.portal}/calls`);
    expect(await page.locator('.sign-in-state').textContent()).toContain('Signed in as partner');
    const cookies = await page.context().cookies(platform.urls.portal);
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: 'csm_session', httpOnly: true, sameSite: 'Lax' }]);
    await expectAccessible(page);
    await expectLightFirstLoad(page);
    await keepScreenshot(page, 'partner-signs-in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('.sign-in-state').textContent()).toContain('Sign in');
    await page.context().close();
  });
});
