import { describeWithServices } from '@csm/testkit';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { embeddedPortal, keycloakPortal, KEYCLOAK_PORTAL_SERVICES, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(120_000);

/** Short enough to expire within the test; the services accept a token up to 5 s past its expiry (clock tolerance). */
const ACCESS_TOKEN_SECONDS = 3;

/**
 * On both issuers, the portal refreshes the person's access token before it expires, so pages
 * that call a service keep working long after the first token died; when the issuer refuses the
 * refresh (the person's session there was ended), the person is sent to sign in again, not shown
 * an error.
 */
const staysSignedIn = (make: (options: { accessTokenTtlSeconds: number }) => Promise<PortalUnderTest>, platform: 'embedded' | 'keycloak') =>
  describeInBrowser(`a partner stays signed in while access tokens expire (${platform})`, (browser) => {
    let portal: PortalUnderTest;
    beforeAll(async () => {
      portal = await make({ accessTokenTtlSeconds: ACCESS_TOKEN_SECONDS });
    });
    afterAll(async () => portal?.stop());

    const organisationShown = (text: string) => text.includes('Your organisation\nAmani Youth Initiative');

    it('still reads their organisation after the first token expired, and is asked to sign in once the issuer refuses to refresh', async () => {
      const page = await newPage(browser());
      // A token issued with the first one of the browser's session: when it is refused, so would that one be.
      const firstToken = await portal.token('partner');
      await signInAs(page, portal.portal, 'partner', '/account');
      expect(new URL(page.url()).pathname).toBe('/account');
      expect(organisationShown(await page.locator('.summary-list').innerText())).toBe(true);

      // Wait for the condition, not for a time: the service refuses tokens of the first generation.
      const deadline = Date.now() + (ACCESS_TOKEN_SECONDS + 30) * 1000;
      let status = 200;
      while (status !== 401 && Date.now() < deadline) {
        status = (await callApi(portal.registration, 'GET', '/organizations/amani-youth', { token: firstToken })).status;
        if (status !== 401) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(401);

      await page.reload();
      expect(new URL(page.url()).pathname).toBe('/account');
      expect(await page.locator('.sign-in-state').textContent()).toContain('Signed in as partner');
      expect(organisationShown(await page.locator('.summary-list').innerText())).toBe(true);
      await expectAccessible(page);

      // An administrator signs the person out at the issuer: the refresh is refused.
      await portal.endIssuerSessions('partner');
      await page.reload();
      await page.waitForURL((url) => url.href.startsWith(`${portal.issuer}/protocol/openid-connect/auth?`));
      await expect(page.locator('#password').isVisible()).resolves.toBe(true);
      if (portal.name === 'embedded') await expectAccessible(page);

      await page.locator('#username').fill('partner');
      await page.locator('#password').fill('demo-password');
      await page.locator('#kc-login, form button[type=submit]').first().click();
      await page.waitForURL(`${portal.portal}/account`);
      expect(organisationShown(await page.locator('.summary-list').innerText())).toBe(true);
      await keepScreenshot(page, `stays-signed-in-${portal.name}`);
      await page.context().close();
    });
  });

staysSignedIn((options) => embeddedPortal(options), 'embedded');
describeWithServices(KEYCLOAK_PORTAL_SERVICES, 'the portal signed in through Keycloak, tokens expiring', () => staysSignedIn(keycloakPortal, 'keycloak'));
