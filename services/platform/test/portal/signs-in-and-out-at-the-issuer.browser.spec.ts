import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describeWithServices } from '@csm/testkit';
import { LOGIN_MESSAGES } from '@csm/identity';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage } from './browser';
import { embeddedPortal, keycloakPortal, KEYCLOAK_PORTAL_SERVICES, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(180_000);

/** The issuer's own login page: zero violations for ours; Keycloak's theme is recorded, not failed on. */
const checkLoginPage = async (page: Page, portal: PortalUnderTest) => {
  if (portal.name === 'embedded') return expectAccessible(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  console.log(`axe on Keycloak's login page (${new URL(page.url()).searchParams.get('ui_locales')}): ${violations.length ? `\n  ${violations.join('\n  ')}` : 'no violations'}`);
};

const fillLoginForm = async (page: Page, username: string) => {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('demo-password');
  await page.locator('#kc-login, form button[type=submit]').first().click();
};

/**
 * Signing in at the issuer in English and in Kiswahili (the portal passes the page's language as
 * `ui_locales`), coming back signed in to the page left, and signing out at the issuer too: the
 * next "Sign in" asks for the password again. The same journey on the embedded issuer and on
 * Keycloak.
 */
const signsInAndOut = (make: () => Promise<PortalUnderTest>, platform: 'embedded' | 'keycloak') =>
  describeInBrowser(`a partner signs in and out at the issuer (${platform})`, (browser) => {
    let portal: PortalUnderTest;
    beforeAll(async () => {
      portal = await make();
    });
    afterAll(async () => portal?.stop());

    it('signs in on the issuer’s page in English, sees their organisation, and after signing out must give the password again', async () => {
      const page = await newPage(browser());
      await page.goto(`${portal.portal}/calls`);
      await page.getByRole('link', { name: 'Sign in' }).click();
      expect(page.url().startsWith(`${portal.issuer}/protocol/openid-connect/auth?`)).toBe(true);
      expect(new URL(page.url()).searchParams.get('ui_locales')).toBe('en');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(LOGIN_MESSAGES.en.loginAccountTitle);
      await checkLoginPage(page, portal);

      await fillLoginForm(page, 'partner');
      await page.waitForURL(`${portal.portal}/calls`);
      expect(await page.locator('.sign-in-state').textContent()).toContain('Signed in as partner');

      await page.getByRole('link', { name: 'Your account' }).click();
      await page.waitForURL(`${portal.portal}/account`);
      expect(await page.locator('.summary-list').innerText()).toBe(
        ['Username\npartner', 'What you can do here\nPartner organisation', 'Your organisation\nAmani Youth Initiative'].join('\n'),
      );
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${portal.portal}/`);
      expect(await page.locator('.sign-in-state').textContent()).toContain('Sign in');
      expect(await page.context().cookies(portal.portal)).toEqual([]);

      // Signed out at the issuer too: no silent sign-in, the password is asked for again.
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.href.startsWith(`${portal.issuer}/`));
      await expect(page.locator('#password').isVisible()).resolves.toBe(true);
      expect((await page.context().cookies(portal.portal)).map((c) => c.name)).toEqual(['csm_session']);
      await page.context().close();
    });

    it('signs in on the issuer’s page in Kiswahili when the portal is in Kiswahili, and signs out', async () => {
      const page = await newPage(browser());
      await page.goto(`${portal.portal}/language/sw?back=%2Fcalls`);
      await page.getByRole('link', { name: 'Ingia', exact: true }).click();
      expect(new URL(page.url()).searchParams.get('ui_locales')).toBe('sw');
      expect(await page.locator('html').getAttribute('lang')).toBe('sw');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(LOGIN_MESSAGES.sw.loginAccountTitle);
      expect(await page.locator('label[for=password]').innerText()).toContain(LOGIN_MESSAGES.sw.password);
      await checkLoginPage(page, portal);

      await fillLoginForm(page, 'partner');
      await page.waitForURL(`${portal.portal}/calls`);
      expect(await page.locator('.sign-in-state').textContent()).toContain('Umeingia kama partner');
      await expectAccessible(page);
      await keepScreenshot(page, `signs-in-in-kiswahili-${portal.name}`);

      await page.getByRole('button', { name: 'Toka' }).click();
      await page.waitForURL(`${portal.portal}/`);
      expect(await page.locator('.sign-in-state').textContent()).toContain('Ingia');
      await page.getByRole('link', { name: 'Ingia', exact: true }).click();
      await page.waitForURL((url) => url.href.startsWith(`${portal.issuer}/`));
      await expect(page.locator('#password').isVisible()).resolves.toBe(true);
      await page.context().close();
    });

    it('shows an administrator their role and no organisation, and a newcomer that theirs is not registered yet', async () => {
      const page = await newPage(browser());
      await page.goto(`${portal.portal}/signin?back=%2Faccount`);
      await fillLoginForm(page, 'admin');
      await page.waitForURL(`${portal.portal}/account`);
      expect(await page.locator('.summary-list').innerText()).toBe(['Username\nadmin', 'What you can do here\nNCTC administrator'].join('\n'));
      await page.context().close();

      const newcomer = await newPage(browser(), { locale: 'sw-KE' });
      await newcomer.goto(`${portal.portal}/signin?back=%2Faccount`);
      await fillLoginForm(newcomer, 'newcomer');
      await newcomer.waitForURL(`${portal.portal}/account`);
      expect(await newcomer.locator('h1').innerText()).toBe('Akaunti yako');
      expect(await newcomer.locator('.summary-list').innerText()).toBe(
        ['Jina la mtumiaji\nnewcomer', 'Unachoweza kufanya hapa\nShirika mshirika', 'Shirika lako\nBado halijasajiliwa'].join('\n'),
      );
      await expectAccessible(newcomer);
      await newcomer.context().close();
    });
  });

signsInAndOut(() => embeddedPortal(), 'embedded');
describeWithServices(KEYCLOAK_PORTAL_SERVICES, 'the portal signed in through Keycloak', () => signsInAndOut(keycloakPortal, 'keycloak'));
