import type { Page } from 'playwright-core';
import type { EmbeddedPlatform } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage } from './browser';
import { startSeededPlatform } from './seeded-platform';

jest.setTimeout(90_000);

/**
 * What `npm start` shows someone who has never seen the project: from the home page alone —
 * the demonstration accounts it lists, "Sign in", the header's links — each person reaches the
 * start of their work, on exactly the demo data `npm start` seeds.
 */
describeInBrowser('a newcomer finds the way from the home page of `npm start`', (browser) => {
  let platform: EmbeddedPlatform;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ platform, stop } = await startSeededPlatform({}, { reviewStage: true }));
  });
  afterAll(async () => stop?.());

  /** Reads the account from the home page's demonstration table, and signs in with it through the header. */
  const signInFromHome = async (page: Page, account: string) => {
    await page.goto(platform.urls.portal);
    const row = page.locator('.notice tr', { has: page.locator('code', { hasText: account }) });
    expect(await row.count()).toBe(1);
    await page.locator('.sign-in-state').getByRole('link', { name: 'Sign in' }).click();
    await page.locator('#username').fill(account);
    await page.locator('#password').fill('demo-password');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${platform.urls.portal}/`);
  };

  it('a reviewer finds a proposal waiting for them', async () => {
    const page = await newPage(browser());
    await signInFromHome(page, 'reviewer');
    await page.getByRole('link', { name: 'Reviews' }).click();
    const queue = await page.locator('main').innerText();
    expect(queue).toContain('Interfaith youth forums');
    expect(queue).toContain('Direct partnership (no call)');
    await expectAccessible(page);
    await keepScreenshot(page, 'newcomer-reviewer-queue');
    await page.context().close();
  });

  it('an NCTC administrator finds an organisation waiting for verification', async () => {
    const page = await newPage(browser());
    await signInFromHome(page, 'admin');
    await page.getByRole('link', { name: 'Verification' }).click();
    expect(await page.locator('main').innerText()).toContain('Pwani Peace Network');
    await expectAccessible(page);
    await page.context().close();
  });

  it('someone new starts registering their organisation', async () => {
    const page = await newPage(browser());
    await signInFromHome(page, 'newcomer');
    await page.getByRole('link', { name: 'My organisation' }).click();
    expect(await page.locator('h1').innerText()).toBe('Register your organisation');
    await expectAccessible(page);
    await page.context().close();
  });
});
