import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { bringCallsToScoring, expectNoSidewaysScroll, stagesOn, type Stages } from './assessment-stages';
import { embeddedPortal, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(120_000);

const CALL = 'panel-review';
const CALL_TITLE = 'Youth mentoring in coastal and lake counties';
const AMANI = `/reviews/${CALL}/amani-youth`;
const KISUMU = `/reviews/${CALL}/kisumu-dialogue`;

const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();
const errorSummary = (page: Page) => texts(page, '.error-summary li');

/**
 * The reviewer's journey (issue 9): the review queue, declaring interests (a conflict recuses),
 * a score sheet drafted, changed, checked and locked, the legal and ethical check; and what the
 * service refuses — bad scores, a partner at the queue, a reviewer of another panel.
 */
export const reviewerJourney = (start: () => Promise<PortalUnderTest>) =>
  describeInBrowser('a reviewer assesses a proposal', (browser) => {
    let portal: PortalUnderTest;
    let stages: Stages;
    beforeAll(async () => {
      portal = await start();
      stages = stagesOn(portal);
      // reviewer and reviewer2 sit on the panel; reviewer3 does not.
      await bringCallsToScoring(portal, stages, [{ callId: CALL, title: CALL_TITLE, reviewers: ['reviewer', 'reviewer2'] }]);
    });
    afterAll(async () => portal?.stop());

    it('declares no conflict, drafts a score sheet, changes it, checks and locks it, and records the legal and ethical check', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'reviewer');
      await page.getByRole('link', { name: 'Reviews', exact: true }).click();
      expect(new URL(page.url()).pathname).toBe('/reviews');
      expect(await page.locator('h1').innerText()).toBe('Your reviews');
      expect(await page.locator('caption').innerText()).toBe('Proposals assigned to you (2)');
      expect(await texts(page, 'tbody tr')).toEqual([
        `Mentors for Likoni\tAmani Youth Initiative\t${CALL_TITLE}\tDeclare interests`,
        `Interfaith youth forums\tKisumu Interfaith Dialogue\t${CALL_TITLE}\tDeclare interests`,
      ]);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Mentors for Likoni' }).click();
      expect(await page.locator('h2').first().innerText()).toBe('Declare your interests first');
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Declare interests' }).click();
      expect(await page.locator('h1').innerText()).toBe('Declare your interests');
      await expectAccessible(page);
      await page.getByLabel('No, I have no conflict of interest').check();
      await page.getByRole('button', { name: 'Record declaration' }).click();
      expect(new URL(page.url()).pathname).toBe(AMANI);
      expect(await page.locator('.notice h2').innerText()).toBe('Declaration recorded');
      expect(await page.locator('.summary-list').first().innerText()).toContain('Your part\nScoring');
      expect(await page.getByText('You have not started your score sheet.').count()).toBe(1);
      await expectAccessible(page);

      // A draft with one criterion, then changed and completed.
      await page.getByRole('link', { name: 'Start your score sheet' }).click();
      expect(await page.locator('legend').allInnerTexts()).toEqual(['Relevance (weight 60%)', 'Feasibility (weight 40%)']);
      await expectAccessible(page);
      await page.locator('#field-score-relevance').fill('7');
      await page.locator('#field-comment-relevance').fill('Fits the County Action Plan');
      await page.getByRole('button', { name: 'Save draft' }).click();
      expect(new URL(page.url()).pathname).toBe(`${AMANI}/score-sheet`);
      expect(await page.locator('.notice h2').innerText()).toBe('Draft saved');
      expect(await page.locator('#field-score-relevance').inputValue()).toBe('7');
      await expectAccessible(page);
      const draft = await stages.expect(200, 'reviewer', 'GET', `/proposals/${CALL}/amani-youth/score-sheets`);
      expect(draft.body.items.map((s: { scores: unknown; locked: boolean }) => ({ scores: s.scores, locked: s.locked }))).toEqual([
        { scores: [{ criterionId: 'relevance', score: 7, comment: 'Fits the County Action Plan' }], locked: false },
      ]);

      await page.locator('#field-score-relevance').fill('9');
      await page.locator('#field-score-feasibility').fill('8');
      await page.locator('#field-comment-feasibility').fill('Costed and staffed');
      await page.getByRole('button', { name: 'Save and continue to lock' }).click();
      expect(new URL(page.url()).pathname).toBe(`${AMANI}/score-sheet/check`);
      expect(await page.locator('h1').innerText()).toBe('Check your scores before locking');
      expect(await texts(page, '.summary-list')).toEqual([
        'Score\n9 out of 10\nComment\nFits the County Action Plan',
        'Score\n8 out of 10\nComment\nCosted and staffed',
      ]);
      expect(await page.locator('.warning-text').innerText()).toBe('Once locked, your scores cannot be changed.');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Lock score sheet' }).click();
      expect(new URL(page.url()).pathname).toBe(AMANI);
      expect(await page.locator('.notice h2').innerText()).toBe('Score sheet locked');
      expect(await texts(page, 'tbody tr')).toEqual(['Score sheet 1\t86 out of 100']);
      await expectAccessible(page);
      const locked = await stages.expect(200, 'reviewer', 'GET', `/proposals/${CALL}/amani-youth/score-sheets`);
      expect(locked.body.items.map((s: { locked: boolean; weightedScore: number }) => [s.locked, s.weightedScore])).toEqual([[true, 86]]);

      // Locking is final: the sheet's page goes back to the assignment, the service refuses a change.
      await page.goto(`${portal.portal}${AMANI}/score-sheet`);
      expect(new URL(page.url()).pathname).toBe(AMANI);

      await page.getByRole('link', { name: 'Record the legal and ethical check' }).click();
      expect(await page.locator('h1').innerText()).toBe('Legal and ethical check');
      await expectAccessible(page);
      for (const item of ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion']) {
        await page.locator(`#result-${item}-pass`).check();
        await page.locator(`#field-score-${item}`).fill('3');
        await page.locator(`#field-note-${item}`).fill('No concerns');
      }
      await page.getByRole('button', { name: 'Record check' }).click();
      expect(new URL(page.url()).pathname).toBe(AMANI);
      expect(await page.locator('.notice h2').innerText()).toBe('Legal and ethical check recorded');
      await expectAccessible(page);
      const recorded = await stages.expect(200, 'admin', 'GET', `/proposals/${CALL}/amani-youth`);
      expect(recorded.body.legalEthicalCheck).toMatchObject({ blocking: false });

      await page.getByRole('link', { name: 'Back to your reviews' }).click();
      expect(await texts(page, 'tbody tr')).toEqual([
        `Mentors for Likoni\tAmani Youth Initiative\t${CALL_TITLE}\tScore sheet locked`,
        `Interfaith youth forums\tKisumu Interfaith Dialogue\t${CALL_TITLE}\tDeclare interests`,
      ]);
      await expectAccessible(page);
      await keepScreenshot(page, `reviewer-${portal.name}`);
      await expectNoSidewaysScroll(page);
      await page.context().close();
    });

    it('a declared conflict removes the reviewer from scoring', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'reviewer2', `${AMANI}/interests`);
      expect(await page.locator('h1').innerText()).toBe('Declare your interests');
      // No answer: the service wants one, the page asks for it and nothing is recorded.
      await page.getByRole('button', { name: 'Record declaration' }).click();
      expect(await errorSummary(page)).toEqual(['Select whether you have a conflict of interest']);
      await expectAccessible(page);
      const undeclared = await stages.expect(200, 'admin', 'GET', `/proposals/${CALL}/amani-youth`);
      expect(undeclared.body.declarations.map((d: { conflict: boolean }) => d.conflict)).toEqual([false]); // reviewer's alone
      await page.getByLabel('Yes, I have a conflict of interest').check();
      await page.getByLabel('Details (optional)').fill('I sat on the Amani board until 2025');
      await page.getByRole('button', { name: 'Record declaration' }).click();
      expect(new URL(page.url()).pathname).toBe(AMANI);
      expect(await page.locator('h2').allInnerTexts()).toEqual(['Declaration recorded', 'You are recused from this proposal']);
      expect(await page.locator('.summary-list').innerText()).toContain('Your part\nRecused: conflict of interest');
      expect(await page.getByRole('link', { name: /score sheet/i }).count()).toBe(0);
      await expectAccessible(page);

      // The score sheet's address is refused by the service, and the page says why.
      await page.goto(`${portal.portal}${AMANI}/score-sheet`);
      expect(await page.locator('h1').innerText()).toBe('You cannot open this review');
      expect(await page.locator('main p').first().innerText()).toBe('You are recused from this proposal because of a conflict of interest. You cannot read, score or check it.');
      await expectAccessible(page);
      const sheets = await stages.expect(200, 'admin', 'GET', `/proposals/${CALL}/amani-youth/score-sheets`);
      expect(sheets.body.items).toHaveLength(1); // reviewer's alone
      await page.context().close();
    });

    it('refuses a score out of the scale and a missing comment field by field, and saves nothing', async () => {
      await stages.expect(202, 'reviewer', 'POST', `/proposals/${CALL}/kisumu-dialogue/conflict-declaration`, { conflict: false });
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'reviewer', `${KISUMU}/score-sheet`);
      await page.locator('#field-score-relevance').fill('11');
      await page.locator('#field-comment-relevance').fill('Strong community links');
      await page.getByRole('button', { name: 'Save draft' }).click();
      expect(await errorSummary(page)).toEqual(['Enter a whole number from 0 to the maximum shown']);
      expect(await page.locator('#field-score-relevance').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-score-relevance-error').textContent()).toBe('There is a problem: Enter a whole number from 0 to the maximum shown');
      expect(await page.locator('#field-score-relevance').inputValue()).toBe('11');
      await expectAccessible(page);

      await page.locator('#field-score-relevance').fill('6');
      await page.locator('#field-score-feasibility').fill('5');
      await page.locator('#field-comment-feasibility').fill('');
      await page.getByRole('button', { name: 'Save draft' }).click();
      expect(await errorSummary(page)).toEqual(['Write a comment of at least 3 characters']);
      expect(await page.locator('#field-comment-feasibility').getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('link', { name: 'Write a comment of at least 3 characters' }).click();
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('field-comment-feasibility');
      await expectAccessible(page);

      const sheets = await stages.expect(200, 'reviewer', 'GET', `/proposals/${CALL}/kisumu-dialogue/score-sheets`);
      expect(sheets.body.items).toEqual([]);

      // Locking needs every criterion: the check page shows the gap, the service refuses the lock.
      await page.locator('#field-score-feasibility').fill('');
      await page.getByRole('button', { name: 'Save and continue to lock' }).click();
      expect(new URL(page.url()).pathname).toBe(`${KISUMU}/score-sheet/check`);
      expect(await texts(page, '.summary-list')).toEqual(['Score\n6 out of 10\nComment\nStrong community links', 'Score\nNot scored\nComment\nNo comment']);
      await page.getByRole('button', { name: 'Lock score sheet' }).click();
      expect(await errorSummary(page)).toEqual(['Score this criterion before locking']);
      await expectAccessible(page);
      const draft = await stages.expect(200, 'reviewer', 'GET', `/proposals/${CALL}/kisumu-dialogue/score-sheets`);
      expect(draft.body.items.map((s: { scores: { criterionId: string }[]; locked: boolean }) => [s.scores.map((x) => x.criterionId), s.locked])).toEqual([[['relevance'], false]]);
      await page.context().close();
    });

    it('shows a partner opening the review queue the not-allowed page', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'partner');
      expect(await page.getByRole('link', { name: 'Reviews', exact: true }).count()).toBe(0);
      const response = await page.goto(`${portal.portal}/reviews`);
      expect(response?.status()).toBe(403);
      expect(await page.locator('h1').innerText()).toBe('You do not have access to this page');
      await expectAccessible(page);
      await page.context().close();
    });

    it('refuses a reviewer of another panel the proposal and its score sheet, saying why', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'reviewer3', '/reviews');
      expect(await page.locator('tbody tr').count()).toBe(0);
      expect(await page.getByText('You have no proposals to review at the moment.').count()).toBe(1);
      for (const path of [AMANI, `${AMANI}/score-sheet`]) {
        const response = await page.goto(`${portal.portal}${path}`);
        expect(response?.status()).toBe(403);
        expect(await page.locator('h1').innerText()).toBe('You cannot open this review');
        expect(await page.locator('main p').first().innerText()).toBe('You are not on the panel for this proposal, so you cannot see or score it.');
      }
      await expectAccessible(page);
      await page.context().close();
    });
  });

reviewerJourney(embeddedPortal);
