import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import type { PortalUnderTest } from './portal-under-test';

const TITLE = 'Likoni youth mentoring circles';
const AMENDED = 'Likoni and Kisauni youth mentoring circles';
const REASON = 'Name the wards you work in.';
const h1 = (page: Page) => page.locator('h1').textContent();

/**
 * Initiatives in the portal (issue 10) on a platform with its demo data (Amani Youth
 * verified): Amani's admin declares one (a missing pillar refused by the service first, at the
 * field; then the check-your-answers page); the NCTC asks for changes with a reason and features
 * it; Amani reads the reason and amends it; Pwani's admin opening Amani's initiative gets the
 * service's 403 as the not-allowed page; Amani closes it. Every page passes axe. Written against
 * a PortalUnderTest that runs county-plans (`countyPlans`).
 */
export const partnerDeclaresAnInitiative = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('a partner declares an initiative, the NCTC features it and asks for changes', (browser) => {
    let put: PortalUnderTest;
    beforeAll(async () => {
      put = await start();
    });
    afterAll(async () => put?.stop());

    const signedIn = async (username: string) => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, username);
      return page;
    };

    it('declares, is asked for changes, is featured, amends and closes; another organisation is not allowed', async () => {
      const partner = await signedIn('partner');
      await partner.getByRole('link', { name: 'My initiatives', exact: true }).click();
      expect(await h1(partner)).toBe('My initiatives');
      expect(await partner.getByText('Your organisation has not declared an initiative yet.').count()).toBe(1);
      await expectAccessible(partner);

      await partner.getByRole('link', { name: 'Declare an initiative' }).click();
      expect(await h1(partner)).toBe('Declare an initiative');
      await expectAccessible(partner);
      await partner.locator('#field-initiativeId').fill('likoni-circles');
      await partner.locator('#field-title').fill(TITLE);
      await partner.locator('#field-description').fill('Weekly mentoring circles for young people in Likoni.');
      await partner.getByLabel('Mombasa', { exact: true }).check();
      await partner.locator('#field-startsOn').fill('2026-01-01');
      await partner.getByLabel('KES 1 million to 10 million').check();
      await partner.getByRole('button', { name: 'Continue' }).click();
      expect(await h1(partner)).toBe('Check your answers');
      await expectAccessible(partner);
      // No pillar: the service refuses it, nothing is recorded, the form says so at the field.
      await partner.getByRole('button', { name: 'Declare the initiative' }).click();
      expect(await h1(partner)).toBe('Declare an initiative');
      expect(await partner.locator('#error-summary a').getAttribute('href')).toBe('#field-pillars');
      await expectAccessible(partner);
      await partner.getByLabel('Psychosocial').check();
      await partner.getByRole('button', { name: 'Continue' }).click();
      await partner.getByRole('button', { name: 'Declare the initiative' }).click();
      expect(await h1(partner)).toBe('My initiatives');
      expect(await partner.locator('.notice h2').first().textContent()).toBe('Your initiative was declared');
      expect(await partner.locator('h2', { hasText: TITLE }).count()).toBe(1);
      await expectAccessible(partner);

      const admin = await signedIn('admin');
      await admin.getByRole('link', { name: 'Initiatives', exact: true }).click();
      expect(await h1(admin)).toBe('Initiatives');
      await expectAccessible(admin);
      await admin.getByRole('button', { name: `Ask for changes to ${TITLE}` }).click();
      expect(await admin.locator('#error-summary').textContent()).toContain('Say what should change.');
      await expectAccessible(admin);
      await admin.getByLabel(`What should change in ${TITLE}`).fill(REASON);
      await admin.getByRole('button', { name: `Ask for changes to ${TITLE}` }).click();
      expect(await admin.locator('.notice h2').textContent()).toBe('The organisation was asked for changes');
      await admin.getByRole('button', { name: `Feature ${TITLE}` }).click();
      expect(await admin.locator('.notice h2').textContent()).toBe('The initiative is featured');
      await expectAccessible(admin);

      await partner.goto(`${put.portal}/my-initiatives`);
      expect(await partner.locator('.notice h3').textContent()).toBe('The NCTC asks for changes');
      expect(await partner.getByText(REASON).count()).toBe(1);
      await partner.getByRole('link', { name: `Amend ${TITLE}` }).click();
      expect(await h1(partner)).toBe('Amend the initiative');
      await expectAccessible(partner);
      await partner.locator('#field-title').fill(AMENDED);
      await partner.getByRole('button', { name: 'Save the changes' }).click();
      expect(await partner.locator('.notice h2').first().textContent()).toBe('Your changes were saved');
      expect(await partner.getByText(REASON).count()).toBe(0);

      const other = await signedIn('partner2');
      await other.goto(`${put.portal}/my-initiatives/amani-youth/likoni-circles/edit`);
      expect(await h1(other)).toBe('You do not have access to this page');
      await expectAccessible(other);

      await partner.getByRole('button', { name: `Close ${AMENDED}` }).click();
      expect(await partner.locator('.notice h2').first().textContent()).toBe('The initiative was closed');
      expect(await partner.locator('h2', { hasText: AMENDED }).locator('.tag').first().textContent()).toBe('Closed');
      await expectAccessible(partner);
      await keepScreenshot(partner, `${put.name}-partner-declares-an-initiative`);
    });
  });
