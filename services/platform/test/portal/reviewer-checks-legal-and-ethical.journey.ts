import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { bringCallsToScoring, stagesOn, type Stages } from './assessment-stages';
import type { PortalUnderTest } from './portal-under-test';

const CALL = 'legal-check-review';
const CALL_TITLE = 'Safe spaces for young people in coastal and lake counties';
const PROPOSAL = `/proposals/${CALL}/amani-youth`;
const PAGE = `/reviews/${CALL}/amani-youth`;
const ITEMS = ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'] as const;

const errorSummary = (page: Page) => page.locator('.error-summary a').allTextContents();

/**
 * A panel reviewer's legal and ethical check (issue 9): a mandatory item left without a result
 * and a score out of the 0–4 range are named on the form, field by field, and nothing is
 * recorded (read back through the API); the corrected check is recorded.
 */
export const reviewerChecksLegalAndEthical = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('a reviewer records the legal and ethical check', (browser) => {
    let put: PortalUnderTest;
    let stages: Stages;
    beforeAll(async () => {
      put = await start();
      stages = stagesOn(put);
      await bringCallsToScoring(put, stages, [{ callId: CALL, title: CALL_TITLE, reviewers: ['reviewer'] }]);
      // The reviewer reads a proposal in full only once it has declared its interests (its own page; here through the API).
      await stages.expect(202, 'reviewer', 'POST', `${PROPOSAL}/conflict-declaration`, { conflict: false });
    });
    afterAll(async () => put?.stop());

    it('names a mandatory item left unanswered and a score out of range, records nothing, then records the corrected check', async () => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, 'reviewer', PAGE);
      await page.getByRole('link', { name: 'Record the legal and ethical check' }).click();
      expect(new URL(page.url()).pathname).toBe(`${PAGE}/legal-ethical-check`);
      expect(await page.locator('h1').textContent()).toBe('Legal and ethical check');
      await expectAccessible(page);

      for (const item of ITEMS) {
        // Do no harm (mandatory) is left without a result; data protection gets a score of 7.
        if (item !== 'do-no-harm') await page.locator(`#result-${item}-pass`).check();
        await page.locator(`#field-score-${item}`).fill(item === 'data-protection' ? '7' : '3');
        await page.locator(`#field-note-${item}`).fill('No concerns');
      }
      await page.getByRole('button', { name: 'Record check' }).click();
      expect(new URL(page.url()).pathname).toBe(`${PAGE}/legal-ethical-check`);
      expect(await errorSummary(page)).toEqual(['Do no harm and risk of stigmatisation: Select pass or fail', 'Data protection (Data Protection Act 2019): Enter a whole number from 0 to 4']);
      expect(await page.locator('#field-result-do-no-harm-error').textContent()).toBe('There is a problem: Do no harm and risk of stigmatisation: Select pass or fail');
      expect(await page.locator('#field-score-data-protection-error').textContent()).toBe('There is a problem: Data protection (Data Protection Act 2019): Enter a whole number from 0 to 4');
      expect(await page.locator('#field-score-data-protection').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-score-human-rights-legality').getAttribute('aria-invalid')).toBeNull();
      // The answers stay as given.
      expect(await page.locator('#field-score-data-protection').inputValue()).toBe('7');
      expect(await page.locator('#result-child-safeguarding-pass').isChecked()).toBe(true);
      expect(await page.locator('#field-note-gender-inclusion').inputValue()).toBe('No concerns');
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Data protection (Data Protection Act 2019): Enter a whole number from 0 to 4' }).click();
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('field-score-data-protection');
      expect((await stages.expect(200, 'admin', 'GET', PROPOSAL)).body.legalEthicalCheck).toBeUndefined();

      // Corrected: data protection fails (a mandatory item), so the check blocks a recommendation.
      await page.locator('#result-do-no-harm-pass').check();
      await page.locator('#field-score-data-protection').fill('1');
      await page.locator('#result-data-protection-fail').check();
      await page.locator('#field-note-data-protection').fill('Names of minors kept on paper in an unlocked office.');
      await page.getByRole('button', { name: 'Record check' }).click();
      expect(new URL(page.url()).pathname).toBe(PAGE);
      expect(await page.locator('.notice h2').textContent()).toBe('Legal and ethical check recorded');
      await expectAccessible(page);
      const recorded = (await stages.expect(200, 'admin', 'GET', PROPOSAL)).body.legalEthicalCheck;
      expect(recorded).toMatchObject({
        blocking: true,
        items: ITEMS.map((item) =>
          item === 'data-protection'
            ? { item, score: 1, passed: false, note: 'Names of minors kept on paper in an unlocked office.' }
            : { item, score: 3, passed: true, note: 'No concerns' },
        ),
      });
      await keepScreenshot(page, `reviewer-checks-legal-and-ethical-${put.name}`);
      await page.context().close();
    });
  });
