import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { awaitingCount, organisationAwaitingVerification, organisationStatus } from './admin-arrange';
import type { PortalUnderTest } from './portal-under-test';

const GARISSA = 'Garissa Women for Peace';
const PWANI = 'Pwani Peace Network';
const REQUEST = 'Please upload your NGO Board certificate and the names of your board members.';
const SUSPENSION = 'Board certificate reported revoked by the NGO Co-ordination Board.';

const h1 = (page: Page) => page.locator('h1').textContent();

/**
 * The NCTC admin's verification queue, written once against a PortalUnderTest so it runs on the
 * embedded platform and on real Keycloak: verify, suspend (an empty reason refused first),
 * request information, and a partner refused the queue.
 */
export const adminVerifiesOrganisations = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('the NCTC admin works through the verification queue', (browser) => {
    let put: PortalUnderTest;
    beforeAll(async () => {
      put = await start();
      const positions = [
        await organisationAwaitingVerification(put, 'newcomer', 'garissa-women-peace', { name: GARISSA, type: 'community-based', counties: ['007'], pillars: ['psychosocial'] }),
        await organisationAwaitingVerification(put, 'partner2', 'pwani-peace', { name: PWANI, type: 'national-ngo', counties: ['001', '005'], pillars: ['security'] }),
      ].filter((p): p is string => p !== undefined);
      const last = positions.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).at(-1);
      expect(await organisationStatus(put, 'garissa-women-peace', last)).toBe('submitted');
      expect(await organisationStatus(put, 'pwani-peace', last)).toBe('submitted');
    });
    afterAll(async () => put?.stop());

    it('verifies, suspends with a reason and asks for information', async () => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, 'admin');
      await page.getByRole('link', { name: 'Verification', exact: true }).click();
      expect(await h1(page)).toBe('Verification queue');
      const waiting = await awaitingCount(put);
      expect(await page.locator('caption').textContent()).toBe(`Organisations awaiting verification (${waiting})`);
      expect(await page.getByRole('row', { name: new RegExp(GARISSA) }).locator('td').allTextContents()).toEqual([
        GARISSA,
        'Community-based organisation',
        'Garissa',
        expect.any(String),
        'Awaiting verification',
      ]);
      await expectAccessible(page);

      // The organisation's page: what it submitted, and the decisions open to it.
      await page.getByRole('link', { name: GARISSA }).click();
      expect(await h1(page)).toBe(GARISSA);
      expect(await page.locator('.summary-list div', { hasText: 'Registration number' }).locator('dd').textContent()).toBe('OP.218/051/2019/0123');
      expect(await page.locator('.action-links a').allTextContents()).toEqual(['Verify', 'Request information', 'Reject']);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Verify' }).click();
      expect(await h1(page)).toBe(`Verify ${GARISSA}`);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Verify organisation' }).click();
      expect(await page.locator('.notice h2').textContent()).toBe(`${GARISSA} is verified`);
      expect(await page.locator('.meta .tag').textContent()).toBe('Verified');
      expect(await organisationStatus(put, 'garissa-women-peace')).toBe('verified');
      await expectAccessible(page);

      // Suspending needs a reason: an empty one is refused at the field and nothing changes.
      await page.getByRole('link', { name: 'Suspend' }).click();
      await page.getByRole('button', { name: 'Suspend organisation' }).click();
      expect(await page.locator('.error-summary h2').textContent()).toBe('There is a problem');
      expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter a reason, in 5 to 2,000 characters.']);
      expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#field-reason');
      expect(await page.locator('#field-reason-error').textContent()).toBe('There is a problem: Enter a reason, in 5 to 2,000 characters.');
      expect(await page.locator('#field-reason').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);
      expect(await organisationStatus(put, 'garissa-women-peace')).toBe('verified');

      await page.locator('#field-reason').fill(SUSPENSION);
      await page.getByRole('button', { name: 'Suspend organisation' }).click();
      expect(await page.locator('.notice h2').textContent()).toBe(`${GARISSA} is suspended`);
      expect(await page.locator('.summary-list div', { hasText: 'Reason last given' }).locator('dd').textContent()).toBe(SUSPENSION);
      expect(await organisationStatus(put, 'garissa-women-peace')).toBe('suspended');
      await expectAccessible(page);

      // The queue no longer shows it; the other organisation is asked for information.
      await page.getByRole('link', { name: 'Verification', exact: true }).click();
      expect(await page.locator('caption').textContent()).toBe(`Organisations awaiting verification (${waiting - 1})`);
      expect(await page.getByRole('link', { name: GARISSA }).count()).toBe(0);
      await page.getByRole('link', { name: PWANI }).click();
      await page.getByRole('link', { name: 'Request information' }).click();
      expect(await h1(page)).toBe(`Request information from ${PWANI}`);
      await page.getByLabel('What information do you need?').fill(REQUEST);
      await page.getByRole('button', { name: 'Send request' }).click();
      expect(await page.locator('.notice h2').textContent()).toBe(`Your request was sent to ${PWANI}`);
      expect(await page.locator('.summary-list div', { hasText: 'Information requested' }).locator('dd').textContent()).toBe(REQUEST);
      expect(await organisationStatus(put, 'pwani-peace')).toBe('information-requested');
      await expectAccessible(page);
      await keepScreenshot(page, `admin-verifies-organisations-${put.name}`);
      await page.context().close();
    });

    it('refuses the queue, an organisation and drafting a call to a partner with the not-allowed page', async () => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, 'partner');
      expect(await page.getByRole('link', { name: 'Verification', exact: true }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Manage calls', exact: true }).count()).toBe(0);
      for (const path of ['/verification', '/verification/pwani-peace', '/verification/pwani-peace/verify', '/manage/calls/new']) {
        const response = await page.goto(`${put.portal}${path}`);
        expect({ path, status: response?.status(), h1: await h1(page) }).toEqual({ path, status: 403, h1: 'You do not have access to this page' });
      }
      await expectAccessible(page);
      expect(await organisationStatus(put, 'pwani-peace')).toBe('information-requested');
      await page.context().close();
    });
  });
