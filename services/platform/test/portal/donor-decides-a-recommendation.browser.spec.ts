import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { bringCallsToScoring, expectNoSidewaysScroll, recommend, stagesOn, type Stages } from './assessment-stages';
import { embeddedPortal, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(120_000);

const CALL = 'donor-round';
const CALL_TITLE = 'Community resilience in coastal and lake counties';
const AMANI = `/recommendations/${CALL}/amani-youth`;
const KISUMU = `/recommendations/${CALL}/kisumu-dialogue`;
/** The demo donor's body (its token's org_id), and another donor body with no account here. */
const GCERF = { kind: 'gcerf', name: 'GCERF Country Support Mechanism', id: 'gcerf' };
const EMBASSY = { kind: 'donor', name: 'Embassy Development Fund', id: 'embassy-fund' };

const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();

/**
 * The donor's journey (issue 9): the recommendations and packs addressed to their body, a
 * recommendation's page, and the body's decision — refused with field errors when incomplete,
 * and refused by the service's rule for a recommendation addressed to another body.
 */
export const donorJourney = (start: () => Promise<PortalUnderTest>) =>
  describeInBrowser('a donor decides on a recommendation addressed to its body', (browser) => {
    let portal: PortalUnderTest;
    let stages: Stages;
    const statusOf = async (org: string) => (await stages.expect(200, 'admin', 'GET', `/proposals/${CALL}/${org}`)).body;
    beforeAll(async () => {
      portal = await start();
      stages = stagesOn(portal);
      await bringCallsToScoring(portal, stages, [{ callId: CALL, title: CALL_TITLE, reviewers: ['reviewer'] }]);
      await recommend(stages, `/proposals/${CALL}/amani-youth`, ['reviewer'], {
        outcome: 'recommend-with-conditions',
        body: GCERF,
        conditions: ['Quarterly safeguarding reports'],
        rationale: 'Highest weighted score; low risk; well costed.',
      });
      await recommend(stages, `/proposals/${CALL}/kisumu-dialogue`, ['reviewer'], { outcome: 'recommend', body: EMBASSY, rationale: 'Strong interfaith reach in Kisumu Central.' });
    });
    afterAll(async () => portal?.stop());

    it('reads the recommendation addressed to GCERF, is told what is missing, and records the decision to fund', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'donor');
      await page.getByRole('link', { name: 'Recommendations', exact: true }).click();
      expect(new URL(page.url()).pathname).toBe('/recommendations');
      expect(await page.locator('h1').innerText()).toBe('Recommendations to your organisation');
      expect(await texts(page, 'caption')).toEqual(['Recommendations addressed to you (1)', 'Packs by call']);
      expect(await page.locator('table').first().locator('tbody tr').allInnerTexts()).toEqual([
        `Mentors for Likoni\tAmani Youth Initiative\t${CALL_TITLE}\tRecommend with conditions\tDecision pending`,
      ]);
      // The links name their pack for screen readers (visually hidden), so their text content is read.
      expect(await page.locator('table').nth(1).locator('tbody td').allTextContents()).toEqual([CALL_TITLE, '1', `Printable page ${CALL_TITLE} · Spreadsheet (CSV) ${CALL_TITLE}`]);
      await expectAccessible(page);
      const csv = await page.request.get(`${portal.portal}/recommendations/packs/${CALL}.csv`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      expect((await csv.text()).trim().split('\r\n')).toHaveLength(2); // the header and GCERF's one row

      await page.getByRole('link', { name: 'Mentors for Likoni' }).click();
      expect(new URL(page.url()).pathname).toBe(AMANI);
      expect(await page.locator('.summary-list').innerText()).toBe(
        [
          'Status\nDecision pending',
          'Panel\'s advice\nRecommend with conditions',
          'Addressed to\nGCERF Country Support Mechanism',
          'Amount requested\nKsh\u00a03,500,000', // Intl's no-break space
          'Rank in the call\n1',
          'Weighted average of the score sheets\n86 out of 100 (lowest 86, highest 86, spread 0)',
        ].join('\n'),
      );
      expect(await page.locator('main ul li').allInnerTexts()).toEqual(['Quarterly safeguarding reports']);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Record your decision' }).click();
      expect(await page.locator('h1').innerText()).toBe('Record your decision');
      await expectAccessible(page);
      // Funding without an amount or reasons: the service refuses, the page says what is missing.
      await page.getByLabel('Fund the proposal').check();
      await page.getByRole('button', { name: 'Record decision' }).click();
      expect(await texts(page, '.error-summary li')).toEqual(['Enter the amount offered in whole shillings', 'Give the reasons for the decision (at least 3 characters)']);
      expect(await page.locator('#field-note').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-amount').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-amount-error').textContent()).toBe('There is a problem: Enter the amount offered in whole shillings');
      expect(await page.getByLabel('Fund the proposal').isChecked()).toBe(true);
      await expectAccessible(page);
      expect((await statusOf('amani-youth')).status).toBe('recommended');

      await page.getByLabel('Reasons for the decision').fill('Approved by the Independent Review Panel');
      await page.getByLabel('Amount offered in Kenya shillings (if you fund it)').fill('3,500,000');
      await page.getByRole('button', { name: 'Record decision' }).click();
      expect(new URL(page.url()).pathname).toBe(AMANI);
      expect(await page.locator('.notice h2').innerText()).toBe('Decision recorded: funded');
      expect(await page.locator('.summary-list div').first().innerText()).toBe('Status\nFunded');
      expect(await page.getByRole('link', { name: 'Record your decision' }).count()).toBe(0);
      await expectAccessible(page);
      const decided = await statusOf('amani-youth');
      expect({ status: decided.status, decision: decided.decision.decision, amount: decided.decision.amount, recordedBy: decided.decision.recordedBy }).toEqual({
        status: 'approved',
        decision: 'approved',
        amount: 3_500_000,
        recordedBy: 'receiving-body',
      });
      await keepScreenshot(page, `donor-${portal.name}`);
      await expectNoSidewaysScroll(page);
      await page.context().close();
    });

    it('cannot see or decide a recommendation addressed to another body: the service refuses, the page says so', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'donor', '/recommendations');
      const seen = await page.goto(`${portal.portal}${KISUMU}`);
      expect(seen?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('Page not found');

      // A decision sent anyway (an old link, a guessed address) reaches the service, which refuses it.
      const csrf = await page.locator('input[name=csrf]').first().inputValue();
      await page.route(`${portal.portal}${KISUMU}/decision`, (route) =>
        route.continue({
          method: 'POST',
          headers: { ...route.request().headers(), 'content-type': 'application/x-www-form-urlencoded' },
          postData: new URLSearchParams({ csrf, submission: 'guessed-decision-0001', decision: 'approved', amount: '2000000', note: 'We would fund it' }).toString(),
        }),
      );
      const refused = await page.goto(`${portal.portal}${KISUMU}/decision`);
      expect(refused?.status()).toBe(403);
      expect(await texts(page, '.error-summary li')).toEqual([
        'This recommendation is addressed to another body. Only that body, or the NCTC on its behalf, can record the decision.',
      ]);
      await expectAccessible(page);
      expect((await statusOf('kisumu-dialogue')).status).toBe('recommended');
      await page.context().close();
    });

    it('shows a partner opening the recommendations the not-allowed page', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'partner');
      expect(await page.getByRole('link', { name: 'Recommendations', exact: true }).count()).toBe(0);
      const response = await page.goto(`${portal.portal}/recommendations`);
      expect(response?.status()).toBe(403);
      expect(await page.locator('h1').innerText()).toBe('You do not have access to this page');
      await expectAccessible(page);
      await page.context().close();
    });
  });

donorJourney(embeddedPortal);
