import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium: browsers cannot be downloaded here, and `.ci/run` installs this one. */
export const CHROMIUM = process.env.CSM_CHROMIUM ?? '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(__dirname, '..', '..', '..', '..', '.cache', 'screenshots');

/**
 * A browser journey, or one skipped test saying why: without Chromium it prints
 * `SKIPPED: chromium not installed` and counts as skipped, never as passed.
 */
export const describeInBrowser = (title: string, body: (browser: () => Browser) => void): void => {
  if (!existsSync(CHROMIUM)) {
    describe(title, () => {
      console.log(`SKIPPED: ${title}: chromium not installed (apt-get install chromium)`);
      it.skip('SKIPPED: chromium not installed (apt-get install chromium)', () => undefined);
    });
    return;
  }
  describe(title, () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    });
    afterAll(async () => browser?.close());
    body(() => browser);
  });
};

export const newPage = async (browser: Browser, options: BrowserContextOptions = {}): Promise<Page> => {
  const context = await browser.newContext({ locale: 'en-KE', ...options });
  return context.newPage();
};

/**
 * Signs a demo user in the way a person does: the portal's "Sign in", the issuer's login form
 * (the embedded one or Keycloak's: both name their fields `username` and `password`), and back.
 */
export const signInAs = async (page: Page, portal: string, username: string, back = '/', password = 'demo-password'): Promise<void> => {
  await page.goto(`${portal}/signin?back=${encodeURIComponent(back)}`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login, form button[type=submit]').first().click();
  await page.waitForURL((url) => url.href.startsWith(portal));
};

/** Every page a journey passes has zero axe violations (WCAG 2.1 A and AA rules). */
export const expectAccessible = async (page: Page): Promise<void> => {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const violations = results.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  expect({ url: page.url(), violations }).toEqual({ url: page.url(), violations: [] });
};

/** The journey's last page, kept under .cache/screenshots (a CI artefact). */
export const keepScreenshot = async (page: Page, name: string, fullPage = true): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
};

/** Bytes the browser transferred for the page now shown: the document and every resource. */
export const transferredBytes = (page: Page): Promise<number> =>
  // A string, evaluated in the page: this project's TypeScript has no DOM types.
  page.evaluate<number>(
    "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((sum, entry) => sum + entry.transferSize, 0)",
  );

/** What a first visit to any page may transfer, compressed: HTML, CSS, script and fonts together. */
export const FIRST_LOAD_BUDGET_BYTES = 100 * 1024;

/**
 * The page now shown, loaded again as a first visit (the browser's cache emptied), within the
 * budget of a low-end phone on a slow network; answers the bytes measured.
 */
export const expectLightFirstLoad = async (page: Page): Promise<number> => {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Network.clearBrowserCache');
  await devtools.detach();
  await page.reload();
  const bytes = await transferredBytes(page);
  expect(bytes).toBeGreaterThan(2_000); // the page and its assets were measured, not nothing
  expect(bytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  return bytes;
};
