import type { Page } from 'playwright-core';
import { aCallDetails, aFullProposal } from '@csm/testkit';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { verifiedOrganisation } from './admin-arrange';
import type { PortalUnderTest } from './portal-under-test';

const CALL_ID = 'lake-youth-mentors';
const TITLE = 'Mentorship for young people in coastal and lake counties';
const APPLICANT = 'Amani Youth Initiative';
const QUESTION = 'Can a faith-based partner co-deliver the mentorship sessions?';
const ANSWER = 'Yes. Name the partner and its role in your concept note.';
const DAY_MS = 86_400_000;

/** A `datetime-local` value in Kenya's time, `days` from now. */
const kenyaLocal = (days: number) => new Date(Date.now() + days * DAY_MS + 3 * 3_600_000).toISOString().slice(0, 16);
const h1 = (page: Page) => page.locator('h1').textContent();
const notice = (page: Page) => page.locator('.notice h2').textContent();

/**
 * The NCTC admin takes a call from draft to finalised in the browser, written once against a
 * PortalUnderTest: draft (check answers), publish, answer a question (an empty answer refused
 * first), close, shortlist, screen, the legal & ethical check, the recommendation, the pack
 * downloaded as CSV and HTML, feedback, finalise. The applicant's and the reviewer's steps are
 * arranged through the public API, as they would take them on their own pages.
 */
export const adminRunsACall = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('the NCTC admin takes a call from draft to finalised', (browser) => {
    let put: PortalUnderTest;
    const as = async (user: string, method: string, path: string, body?: unknown) =>
      callApi(put.proposals, method, path, { token: await put.token(user), ...(body !== undefined ? { body } : {}) });
    /** What a partner or reviewer did through the API, seen by the next page (read your writes). */
    const settled = async (response: { status: number; body: any }, status: number) => {
      expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.anything() });
      const seen = await as('admin', 'GET', `/calls/${CALL_ID}/concept-notes?minPosition=${response.body.position}`);
      expect(seen.status).toBe(200);
    };
    const callStatus = async () => ((await as('admin', 'GET', `/calls/${CALL_ID}`)).body as { status: string }).status;

    beforeAll(async () => {
      put = await start();
      // The applicant is a verified organisation (the seeded platform has it; elsewhere it is arranged).
      await verifiedOrganisation(put, 'partner', 'amani-youth', { name: APPLICANT });
    });
    afterAll(async () => put?.stop());

    it('drafts, publishes, answers, closes, shortlists, screens, checks, recommends, downloads the pack, gives feedback and finalises', async () => {
      if (!put.moveClock) throw new Error(`${put.name}: this journey crosses deadlines and needs PortalUnderTest.moveClock`);
      const questionsClose = kenyaLocal(10);
      const page = await newPage(browser(), { acceptDownloads: true });
      await signInAs(page, put.portal, 'admin');
      await page.getByRole('link', { name: 'Manage calls', exact: true }).click();
      expect(await h1(page)).toBe('Manage calls for proposals');
      await expectAccessible(page);

      // Drafting: a form with everything the API needs, then "check your answers".
      await page.getByRole('link', { name: 'Draft a new call' }).click();
      expect(await h1(page)).toBe('Draft a call for proposals');
      await expectAccessible(page);
      await page.getByLabel('Short name for the web address').fill(CALL_ID);
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await h1(page)).toBe('Check the call before you create the draft');
      await page.getByRole('button', { name: 'Create draft call' }).click();
      // Refused by the service: the form again, each answer it named with our message, nothing drafted.
      expect(await h1(page)).toBe('Draft a call for proposals');
      expect(await page.locator('.error-summary a').allTextContents()).toEqual([
        'Enter a title of 5 to 200 characters.',
        'Enter the background, in 20 to 8,000 characters.',
        'Enter the expected results, in 10 to 4,000 characters.',
        'Choose at least one county.',
        'Choose at least one pillar.',
        'Choose at least one type of organisation.',
        'Enter the smallest amount as a whole number, no more than the largest amount.',
        'Enter the largest amount as a whole number of at least 1.',
        'Enter when questions close: a date and time before concept notes close.',
        'Enter when concept notes close: a date and time.',
        'Enter the results date: on or after the day concept notes close.',
        'Name each criterion and give it a whole-number weight; the weights must add up to 100.',
        'Enter the usernames of 1 to 30 reviewers, separated by commas.',
      ]);
      expect(await page.locator('#field-title').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-callId').inputValue()).toBe(CALL_ID);
      await expectAccessible(page);
      expect((await as('admin', 'GET', `/calls/${CALL_ID}`)).status).toBe(404);

      await page.getByLabel('Title').fill(TITLE);
      await page.getByLabel('Background').fill('Young people in Mombasa and Kisumu are targeted by recruiters online and in their neighbourhoods.');
      await page.getByLabel('Expected results').fill('Mentors and livelihood pathways for at-risk youth.');
      for (const county of ['Mombasa', 'Kisumu']) await page.getByLabel(county, { exact: true }).check();
      await page.getByLabel('Psychosocial', { exact: true }).check();
      await page.getByLabel('Community-based organisation', { exact: true }).check();
      await page.getByLabel('Smallest amount').fill('1000000');
      await page.getByLabel('Largest amount').fill('5000000');
      await page.getByLabel('Questions close').fill(questionsClose);
      await page.getByLabel('Concept notes close').fill(kenyaLocal(20));
      await page.getByLabel('Results expected on').fill(kenyaLocal(60).slice(0, 10));
      await page.getByLabel('Criterion 1', { exact: true }).fill('Relevance');
      await page.getByLabel('Weight of criterion 1 (%)').fill('60');
      await page.getByLabel('Criterion 2', { exact: true }).fill('Feasibility');
      await page.getByLabel('Weight of criterion 2 (%)').fill('40');
      await page.getByLabel('Review panel').fill('reviewer');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await h1(page)).toBe('Check the call before you create the draft');
      expect(await page.locator('.summary-list div', { hasText: 'Budget per proposal' }).locator('dd').textContent()).toBe('Ksh\u00a01,000,000 to Ksh\u00a05,000,000');
      expect(await page.locator('.summary-list div', { hasText: 'Assessment criteria' }).locator('li').allTextContents()).toEqual(['Relevance (60%)', 'Feasibility (40%)']);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Create draft call' }).click();
      expect(await notice(page)).toBe('The draft call is created');
      expect(await h1(page)).toBe(TITLE);
      expect(await page.locator('.meta .tag').textContent()).toBe('Draft');
      await expectAccessible(page);

      // A draft can still change (the panel is named again: the service keeps it by member id only).
      await page.getByRole('link', { name: 'Change the draft' }).click();
      expect(await h1(page)).toBe(`Change the draft: ${TITLE}`);
      expect(await page.locator('#field-callId').getAttribute('readonly')).toBe('');
      expect(await page.getByLabel('Questions close').inputValue()).toBe(questionsClose);
      expect(await page.getByLabel('Criterion 2', { exact: true }).inputValue()).toBe('Feasibility');
      await page.getByLabel('Expected results').fill('Mentors, livelihood pathways and safe spaces for at-risk youth.');
      await page.getByLabel('Review panel').fill('reviewer');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Save changes to the draft' }).click();
      expect(await notice(page)).toBe('The draft call is changed');
      expect(await page.locator('h3 + p.prose').nth(1).textContent()).toBe('Mentors, livelihood pathways and safe spaces for at-risk youth.');

      await page.getByRole('button', { name: 'Publish call' }).click();
      expect(await notice(page)).toBe('The call is published');
      expect(await callStatus()).toBe('published');

      // A verified organisation asks, and sends a concept note (its own pages; here through the API).
      await settled(await as('partner', 'POST', `/calls/${CALL_ID}/clarifications`, { question: QUESTION }), 202);
      const note = { title: 'Mentors for Likoni', summary: 'Peer mentorship and vocational training for 300 young people at risk in Likoni.', counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 18 };
      await settled(await as('partner', 'POST', `/calls/${CALL_ID}/concept-notes`, note), 201);
      await page.reload();
      expect(await page.locator('caption', { hasText: 'Questions asked' }).textContent()).toBe('Questions asked (0 of 1 answered)');
      await page.getByRole('link', { name: 'Answer question 1' }).click();
      expect(await h1(page)).toBe('Answer a question');
      await page.getByRole('button', { name: 'Publish answer' }).click();
      expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter an answer, in 2 to 4,000 characters.']);
      expect(await page.locator('#field-answer-error').textContent()).toBe('There is a problem: Enter an answer, in 2 to 4,000 characters.');
      await expectAccessible(page);
      expect(((await as('admin', 'GET', `/calls/${CALL_ID}`)).body as { answered: number }).answered).toBe(0);
      await page.getByLabel('Your answer').fill(ANSWER);
      await page.getByRole('button', { name: 'Publish answer' }).click();
      expect(await notice(page)).toBe('Your answer is published');
      expect(await page.locator('caption', { hasText: 'Questions asked' }).textContent()).toBe('Questions asked (1 of 1 answered)');

      // Closing is refused before the deadline, in the service's words; after it, it closes.
      await page.getByRole('button', { name: 'Close call' }).click();
      expect(await page.locator('#refusal p').textContent()).toBe('Submissions stay open until the submission deadline');
      await expectAccessible(page);
      put.moveClock(25);
      await page.getByRole('button', { name: 'Close call' }).click();
      expect(await notice(page)).toBe('The call is closed');
      const applications = page.getByRole('table', { name: 'Applications to this call (1)' });
      expect(await applications.locator('tbody td').allTextContents()).toEqual([APPLICANT, 'Mentors for Likoni', 'Concept note received']);

      await page.getByRole('link', { name: APPLICANT }).click();
      expect(await h1(page)).toBe(`Application from ${APPLICANT}`);
      expect(await page.locator('.action-links a').allTextContents()).toEqual(['Shortlist', 'Decline', 'Request information']);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Shortlist', exact: true }).click();
      await page.getByLabel('Full proposal deadline').fill(kenyaLocal(35));
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Shortlist' }).click();
      expect(await notice(page)).toBe(`${APPLICANT} is shortlisted`);

      // The full proposal comes in; once its deadline has passed the NCTC screens it.
      await settled(await as('partner', 'POST', `/proposals/${CALL_ID}/amani-youth/full-proposal`, aFullProposal()), 201);
      put.moveClock(36);
      await page.reload();
      await page.getByRole('link', { name: 'Screen', exact: true }).click();
      expect(await h1(page)).toBe(`Screen the proposal from ${APPLICANT}`);
      await page.getByRole('button', { name: 'Screen proposal' }).click();
      expect(await notice(page)).toBe(`The proposal from ${APPLICANT} is screened`);
      expect(await page.locator('.meta .tag').textContent()).toBe('Eligible: in review');
      await expectAccessible(page);

      // The panel (one reviewer) declares and scores on its own pages.
      await settled(await as('reviewer', 'POST', `/proposals/${CALL_ID}/amani-youth/conflict-declaration`, { conflict: false }), 202);
      const sheet = { scores: [{ criterionId: 'relevance', score: 9, comment: 'Fits the County Action Plan' }, { criterionId: 'feasibility', score: 8, comment: 'Costed and staffed' }] };
      await settled(await as('reviewer', 'POST', `/proposals/${CALL_ID}/amani-youth/score-sheet/lock`, sheet), 202);

      await page.reload();
      await page.getByRole('link', { name: 'Record the legal and ethical check' }).click();
      await expectAccessible(page);
      for (const item of ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion']) {
        await page.locator(`input[name="${item}-score"][value="3"]`).check();
        await page.locator(`input[name="${item}-passed"][value="yes"]`).check();
        await page.locator(`#field-${item}-note`).fill('No concerns');
      }
      await page.getByRole('button', { name: 'Record the check' }).click();
      expect(await notice(page)).toBe('The legal and ethical check is recorded');
      expect(await page.locator('.legal-result').textContent()).toBe('No mandatory item failed.');

      await page.getByRole('link', { name: 'Record the recommendation' }).click();
      await page.getByLabel('Recommend with conditions').check();
      await page.getByLabel('GCERF', { exact: true }).check();
      await page.getByLabel('Name of the body').fill('GCERF Country Support Mechanism');
      await page.getByLabel('Account identifier of the body').fill('gcerf');
      await page.getByLabel('Conditions', { exact: true }).fill('Quarterly safeguarding reports');
      await page.getByLabel('Rationale', { exact: true }).fill('Highest weighted score; low risk; well costed.');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Record recommendation' }).click();
      expect(await notice(page)).toBe('The recommendation is recorded');
      expect(await page.locator('.meta .tag').textContent()).toBe('Recommendation recorded');

      // The pack, through the portal: the service's content type, always as a download.
      await page.getByRole('link', { name: `Back to ${TITLE}` }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the pack as a spreadsheet (CSV)' }).click()]);
      expect(download.suggestedFilename()).toBe(`${CALL_ID}-recommendation-pack.csv`);
      for (const [format, type] of [['csv', 'text/csv; charset=utf-8'], ['html', 'text/html; charset=utf-8']] as const) {
        const response = await page.request.get(`${put.portal}/manage/calls/${CALL_ID}/pack.${format}`);
        expect({ status: response.status(), type: response.headers()['content-type'], disposition: response.headers()['content-disposition'] }).toEqual({
          status: 200,
          type,
          disposition: `attachment; filename="${CALL_ID}-recommendation-pack.${format}"`,
        });
        const text = await response.text();
        expect(text).toContain(APPLICANT);
        expect(text).toContain('Mentors for Likoni');
      }

      await page.getByRole('link', { name: APPLICANT }).click();
      await page.getByRole('link', { name: 'Give feedback' }).click();
      await page.getByLabel('Feedback', { exact: true }).fill('Strong, well-costed proposal; see the conditions of the recommendation.');
      await page.getByRole('button', { name: 'Send feedback' }).click();
      expect(await notice(page)).toBe(`Your feedback was sent to ${APPLICANT}`);

      await page.getByRole('link', { name: `Back to ${TITLE}` }).click();
      await page.getByRole('button', { name: 'Finalise call' }).click();
      expect(await notice(page)).toBe('The call is finalised');
      expect(await page.locator('.meta .tag').textContent()).toBe('Finalised');
      expect(await callStatus()).toBe('finalised');
      await expectAccessible(page);
      await keepScreenshot(page, `admin-runs-a-call-${put.name}`);
      await page.context().close();
    });

    it('cancels a draft call only with a reason', async () => {
      const callId = 'call-to-cancel';
      const drafted = await as('admin', 'POST', '/calls', { callId, details: aCallDetails({ title: 'A call drafted by mistake' }) });
      expect(drafted.status).toBe(201);
      const page = await newPage(browser());
      await signInAs(page, put.portal, 'admin', `/manage/calls/${callId}`);
      expect(await h1(page)).toBe('A call drafted by mistake');
      await page.getByRole('link', { name: 'Cancel this call' }).click();
      expect(await h1(page)).toBe('Cancel A call drafted by mistake');
      await page.getByRole('button', { name: 'Cancel the call' }).click();
      expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter the reason: at least a short sentence.']);
      expect(await page.locator('#field-reason').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);
      expect(((await as('admin', 'GET', `/calls/${callId}`)).body as { status: string }).status).toBe('draft');
      await page.getByLabel('Reason for cancelling').fill('Drafted twice: the coastal call covers it.');
      await page.getByRole('button', { name: 'Cancel the call' }).click();
      expect(await notice(page)).toBe('The call is cancelled');
      expect(await page.locator('.meta .tag').textContent()).toBe('Cancelled');
      expect(((await as('admin', 'GET', `/calls/${callId}`)).body as { status: string }).status).toBe('cancelled');
      await expectAccessible(page);
      await page.context().close();
    });
  });
