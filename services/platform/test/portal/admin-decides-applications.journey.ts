import type { Page } from 'playwright-core';
import { aCallDetails } from '@csm/testkit';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { APPLICANTS, bringCallsToScoring, recommend, stagesOn, type Stages } from './assessment-stages';
import type { PortalUnderTest } from './portal-under-test';

/** Concept notes only: one declined, one asked for more information. */
const NOTES_CALL = 'sport-for-peace';
const NOTES_TITLE = 'Peacebuilding through sport in coastal and lake counties';
/** Through the panel: one recommended to a Government entity, one not, then appealed. */
const FUNDING_CALL = 'livelihoods-at-risk';
const FUNDING_TITLE = 'Livelihoods for young people at risk of recruitment';
const [AMANI, KISUMU] = APPLICANTS;
const MINISTRY = 'Ministry of Interior and National Administration';
const DAY_MS = 86_400_000;

/** A `datetime-local` value in Kenya's time (UTC+3), `days` from now. */
const kenyaLocal = (days: number) => new Date(Date.now() + days * DAY_MS + 3 * 3_600_000).toISOString().slice(0, 16);
const h1 = (page: Page) => page.locator('h1').textContent();
const notice = (page: Page) => page.locator('.notice h2').textContent();
const errorSummary = (page: Page) => page.locator('.error-summary a').allTextContents();
const tag = (page: Page) => page.locator('.tag').first().textContent();
const adminPage = (callId: string, org: string) => `/manage/calls/${callId}/applications/${org}`;
const partnerPage = (callId: string, org: string) => `/applications/proposals/${callId}/${org}`;
const summaryOf = (a: (typeof APPLICANTS)[number]) => `${a.title}: mentorship and dialogue for young people at risk of recruitment.`;

/**
 * The NCTC admin's decisions on one application, on the application's page (issue 9): decline a
 * concept note (a reason is required), request information (the partner answers it on its own
 * pages), record a Government entity's decision on its behalf, give feedback, and decide appeals
 * (one dismissed, one upheld). Every refusal of bad input shows the error summary and changes
 * nothing, checked through the API.
 * What partners and reviewers do before is arranged through the public API.
 */
export const adminDecidesApplications = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('the NCTC admin decides on applications', (browser) => {
    let put: PortalUnderTest;
    let stages: Stages;
    const proposal = async (callId: string, org: string) => (await stages.expect(200, 'admin', 'GET', `/proposals/${callId}/${org}`)).body;

    beforeAll(async () => {
      put = await start();
      if (!put.moveClock) throw new Error(`${put.name}: this journey crosses deadlines and needs PortalUnderTest.moveClock`);
      stages = stagesOn(put);
      // Both demo applicants send a concept note to a call that then closes (its deadline is crossed below).
      await stages.expect(201, 'admin', 'POST', '/calls', { callId: NOTES_CALL, details: aCallDetails({ title: NOTES_TITLE }) });
      await stages.expect(202, 'admin', 'POST', `/calls/${NOTES_CALL}/publish`, {});
      for (const a of APPLICANTS) {
        const note = { title: a.title, summary: summaryOf(a), counties: [a.county], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 18 };
        await stages.expect(201, a.user, 'POST', `/calls/${NOTES_CALL}/concept-notes`, note);
      }
      // A second call taken to the panel (this moves the clock 40 days on: past the first call's deadline too).
      await bringCallsToScoring(put, stages, [{ callId: FUNDING_CALL, title: FUNDING_TITLE, reviewers: ['reviewer'] }]);
      await stages.expect(202, 'admin', 'POST', `/calls/${NOTES_CALL}/close`, {});
    });
    afterAll(async () => put?.stop());

    it('declines a concept note only with a reason, and the partner reads it', async () => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, 'admin', `/manage/calls/${NOTES_CALL}`);
      expect(await h1(page)).toBe(NOTES_TITLE);
      await page.getByRole('link', { name: AMANI.name }).click();
      expect(await h1(page)).toBe(`Application from ${AMANI.name}`);
      expect(await page.locator('.meta .tag').textContent()).toBe('Concept note received');
      expect(await page.locator('.action-links a').allTextContents()).toEqual(['Shortlist', 'Decline', 'Request information']);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Decline', exact: true }).click();
      expect(await h1(page)).toBe(`Decline the concept note from ${AMANI.name}`);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Decline concept note' }).click();
      expect(await h1(page)).toBe(`Decline the concept note from ${AMANI.name}`);
      expect(await errorSummary(page)).toEqual(['Enter the reason: at least a short sentence.']);
      expect(await page.locator('#field-reason-error').textContent()).toBe('There is a problem: Enter the reason: at least a short sentence.');
      expect(await page.locator('#field-reason').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);
      expect(await proposal(NOTES_CALL, AMANI.org)).toMatchObject({ status: 'submitted' });
      expect((await proposal(NOTES_CALL, AMANI.org)).declineReason).toBeUndefined();

      const reason = 'The concept note does not say how the young people taking part are chosen.';
      await page.getByLabel('Reason for declining').fill(reason);
      await page.getByRole('button', { name: 'Decline concept note' }).click();
      expect(new URL(page.url()).pathname).toBe(adminPage(NOTES_CALL, AMANI.org));
      expect(await notice(page)).toBe(`The concept note from ${AMANI.name} is declined`);
      expect(await page.locator('.meta .tag').textContent()).toBe('Declined');
      expect(await page.locator('p:has(strong:text-is("Reason for declining:"))').textContent()).toContain(reason);
      expect(await page.locator('.action-links a').allTextContents()).toEqual(['Give feedback']);
      await expectAccessible(page);
      expect(await proposal(NOTES_CALL, AMANI.org)).toMatchObject({ status: 'declined', declineReason: reason });
      await page.context().close();

      // The partner reads it in its applications.
      const partner = await newPage(browser());
      await signInAs(partner, put.portal, 'partner', '/applications');
      const row = partner.locator('table').first().locator('tbody tr', { hasText: NOTES_TITLE });
      expect(await row.locator('td').allTextContents()).toEqual([AMANI.title, NOTES_TITLE, 'Not taken forward', expect.any(String)]);
      await expectAccessible(partner);
      await row.getByRole('link', { name: AMANI.title }).click();
      expect(new URL(partner.url()).pathname).toBe(partnerPage(NOTES_CALL, AMANI.org));
      expect(await tag(partner)).toBe('Not taken forward');
      expect(await partner.locator('h2:has-text("Why it was not taken forward") + p').textContent()).toBe(reason);
      await expectAccessible(partner);

      // The admin's page is not the partner's: the not-allowed page.
      const response = await partner.goto(`${put.portal}${adminPage(NOTES_CALL, KISUMU.org)}/decline`);
      expect(response?.status()).toBe(403);
      expect(await h1(partner)).toBe('You do not have access to this page');
      await expectAccessible(partner);
      await partner.context().close();
    });

    it('requests information on a concept note, and the partner answers it by updating the note', async () => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, 'admin', adminPage(NOTES_CALL, KISUMU.org));
      expect(await h1(page)).toBe(`Application from ${KISUMU.name}`);
      await page.getByRole('link', { name: 'Request information' }).click();
      expect(await h1(page)).toBe(`Request information from ${KISUMU.name}`);
      await expectAccessible(page);
      // Neither a message nor a date: both named, nothing asked.
      await page.getByRole('button', { name: 'Send request' }).click();
      expect(await errorSummary(page)).toEqual(['Enter what information you need, in at least 10 characters.', 'Enter until when the submission is open: a date and time in the future.']);
      expect(await page.locator('#field-message').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-until').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);
      expect((await proposal(NOTES_CALL, KISUMU.org)).informationRequests).toEqual([]);

      const message = 'Please say how many of the young people taking part are women.';
      await page.getByLabel('What information do you need?').fill(message);
      await page.getByLabel('Open for changes until').fill(kenyaLocal(50));
      await page.getByRole('button', { name: 'Send request' }).click();
      expect(new URL(page.url()).pathname).toBe(adminPage(NOTES_CALL, KISUMU.org));
      expect(await notice(page)).toBe(`Your request was sent to ${KISUMU.name}`);
      expect(await page.locator('h2:text-is("Information requested") + ul li').allTextContents()).toEqual([expect.stringMatching(new RegExp(`^${message} \\(open until .+\\)$`))]);
      await expectAccessible(page);
      expect((await proposal(NOTES_CALL, KISUMU.org)).informationRequests.map((r: { message: string }) => r.message)).toEqual([message]);

      // The partner answers on its own pages.
      const partner = await newPage(browser());
      await signInAs(partner, put.portal, KISUMU.user, '/applications');
      await partner.locator('table').first().locator('tbody tr', { hasText: NOTES_TITLE }).getByRole('link', { name: KISUMU.title }).click();
      expect(await partner.locator('h2:has-text("Requests for information") + dl dd').allTextContents()).toEqual([message]);
      await expectAccessible(partner);
      await partner.getByRole('link', { name: 'Update your concept note' }).click();
      expect(await h1(partner)).toBe('Update your concept note');
      expect(await partner.locator('#field-summary').inputValue()).toBe(summaryOf(KISUMU));
      await expectAccessible(partner);
      const summary = `${summaryOf(KISUMU)} Half of the 300, 150, are young women.`;
      await partner.locator('#field-summary').fill(summary);
      await partner.getByRole('button', { name: 'Continue' }).click();
      await expectAccessible(partner);
      await partner.getByRole('button', { name: 'Send the changes' }).click();
      expect(await h1(partner)).toBe('Changes sent');
      await expectAccessible(partner);
      expect((await proposal(NOTES_CALL, KISUMU.org)).conceptNote.summary).toBe(summary);
      await partner.context().close();

      // The admin reads the answer on the application's page.
      await page.reload();
      expect(await page.locator('dt:text-is("Summary") + dd').first().textContent()).toBe(summary);
      await expectAccessible(page);
      await keepScreenshot(page, `admin-requests-information-${put.name}`);
      await page.context().close();
    });

    it("refuses the secretariat's legal and ethical check with an item unanswered, and records nothing", async () => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, 'admin', adminPage(FUNDING_CALL, AMANI.org));
      expect(await page.locator('.meta .tag').textContent()).toBe('Eligible: in review');
      await page.getByRole('link', { name: 'Record the legal and ethical check' }).click();
      expect(await h1(page)).toBe(`Legal and ethical check of the proposal from ${AMANI.name}`);
      for (const item of ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion']) {
        await page.locator(`input[name="${item}-score"][value="3"]`).check();
        // Do no harm (mandatory) is not said to pass or fail; gender and inclusion has no note.
        if (item !== 'do-no-harm') await page.locator(`input[name="${item}-passed"][value="yes"]`).check();
        if (item !== 'gender-inclusion') await page.locator(`#field-${item}-note`).fill('No concerns');
      }
      await page.getByRole('button', { name: 'Record the check' }).click();
      expect(await h1(page)).toBe(`Legal and ethical check of the proposal from ${AMANI.name}`);
      expect(await errorSummary(page)).toEqual(['Say whether it passes: Do no harm and stigmatisation risk.', 'Enter a note of at least 3 characters for: Gender and inclusion (scored, not blocking).']);
      expect(await page.locator('#field-do-no-harm-passed-error').textContent()).toBe('There is a problem: Say whether it passes: Do no harm and stigmatisation risk.');
      expect(await page.locator('#field-gender-inclusion-note').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('input[name="data-protection-passed"][value="yes"]').isChecked()).toBe(true);
      expect(await page.locator('#field-child-safeguarding-note').inputValue()).toBe('No concerns');
      await expectAccessible(page);
      expect((await proposal(FUNDING_CALL, AMANI.org)).legalEthicalCheck).toBeUndefined();
      await page.context().close();
    });

    it("records a Government entity's decision on its behalf, and the partner reads it", async () => {
      const rationale = 'Highest weighted score of the call; well costed and low risk.';
      await recommend(stages, `/proposals/${FUNDING_CALL}/${AMANI.org}`, ['reviewer'], { outcome: 'recommend', body: { kind: 'government', name: MINISTRY }, conditions: [], rationale });

      const page = await newPage(browser());
      await signInAs(page, put.portal, 'admin', adminPage(FUNDING_CALL, AMANI.org));
      expect(await page.locator('.meta .tag').textContent()).toBe('Recommendation recorded');
      expect(await page.locator('.action-links a').allTextContents()).toEqual(['Record the decision on behalf of the body', 'Give feedback']);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Record the decision on behalf of the body' }).click();
      expect(await h1(page)).toBe(`Decision on the proposal from ${AMANI.name}`);
      await expectAccessible(page);

      // An approval without the amount offered: refused on that field, the answers kept, nothing recorded.
      const note = 'Approved by the Ministry on its funding committee, reference MINA/CSM/014.';
      await page.getByLabel('Approved', { exact: true }).check();
      await page.getByLabel('Note', { exact: true }).fill(note);
      await page.getByRole('button', { name: 'Record decision' }).click();
      expect(await h1(page)).toBe(`Decision on the proposal from ${AMANI.name}`);
      expect(await errorSummary(page)).toEqual(['Enter the amount offered as a whole number; an approval needs one.']);
      expect(await page.locator('#field-amount-error').textContent()).toBe('There is a problem: Enter the amount offered as a whole number; an approval needs one.');
      expect(await page.locator('#field-amount').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Approved', { exact: true }).isChecked()).toBe(true);
      expect(await page.getByLabel('Note', { exact: true }).inputValue()).toBe(note);
      await expectAccessible(page);
      expect((await proposal(FUNDING_CALL, AMANI.org)).decision).toBeUndefined();

      await page.getByLabel('Amount offered').fill('3000000');
      await page.getByRole('button', { name: 'Record decision' }).click();
      expect(new URL(page.url()).pathname).toBe(adminPage(FUNDING_CALL, AMANI.org));
      expect(await notice(page)).toBe('The decision is recorded');
      expect(await page.locator('.meta .tag').textContent()).toBe('Approved');
      expect(await page.locator('h2:text-is("Decision") + p').textContent()).toBe(`Approved: Ksh\u00a03,000,000. ${note}`);
      await expectAccessible(page);
      expect((await proposal(FUNDING_CALL, AMANI.org)).decision).toMatchObject({ decision: 'approved', amount: 3_000_000, note, decidedBy: { kind: 'government', name: MINISTRY }, recordedBy: 'nctc-on-behalf' });
      await page.context().close();

      const partner = await newPage(browser());
      await signInAs(partner, put.portal, AMANI.user, partnerPage(FUNDING_CALL, AMANI.org));
      expect(await tag(partner)).toBe('Offer made');
      expect(await partner.locator('h2:text-is("Decision") + dl dd').allTextContents()).toEqual([MINISTRY, 'Approved', 'Ksh\u00a03,000,000', note]);
      await expectAccessible(partner);
      await partner.context().close();
    });

    it('decides the appeal the partner lodged, with a reason, and the partner reads the outcome', async () => {
      const path = `/proposals/${FUNDING_CALL}/${KISUMU.org}`;
      await recommend(stages, path, ['reviewer'], {
        outcome: 'do-not-recommend',
        body: { kind: 'government', name: MINISTRY },
        conditions: [],
        rationale: 'The budget leaves out the costs of the forums it promises.',
      });
      await stages.expect(202, 'admin', 'POST', `${path}/decision`, { decision: 'rejected', note: 'Not funded this round.' });
      await stages.expect(202, 'admin', 'POST', `${path}/feedback`, { feedback: 'A clear need, but the budget must cover every forum it promises.' });
      const grounds = 'Budget line 4 covers the venues and the facilitators of all twelve forums.';
      await stages.expect(202, KISUMU.user, 'POST', `${path}/appeal`, { grounds });

      const page = await newPage(browser());
      await signInAs(page, put.portal, 'admin', adminPage(FUNDING_CALL, KISUMU.org));
      expect(await page.locator('h2:text-is("Appeal") + p').textContent()).toBe(grounds);
      expect(await page.locator('.action-links a').allTextContents()).toEqual(['Decide the appeal']);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Decide the appeal' }).click();
      expect(await h1(page)).toBe(`Appeal from ${KISUMU.name}`);
      await expectAccessible(page);

      // Dismissed without a reason: refused, the appeal stays undecided.
      await page.getByLabel('Dismissed', { exact: true }).check();
      await page.getByRole('button', { name: 'Record the decision on the appeal' }).click();
      expect(await errorSummary(page)).toEqual(['Enter the reason: at least a short sentence.']);
      expect(await page.locator('#field-reason').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Dismissed', { exact: true }).isChecked()).toBe(true);
      await expectAccessible(page);
      expect((await proposal(FUNDING_CALL, KISUMU.org)).appeal).toEqual({ grounds, lodgedAt: expect.any(String) });

      const reason = 'Budget line 4 pays for venues only; the facilitators of the forums are still not costed.';
      await page.getByLabel('Reason', { exact: true }).fill(reason);
      await page.getByRole('button', { name: 'Record the decision on the appeal' }).click();
      expect(new URL(page.url()).pathname).toBe(adminPage(FUNDING_CALL, KISUMU.org));
      expect(await notice(page)).toBe('The appeal is decided');
      expect(await page.locator('h2:text-is("Appeal") ~ p').allTextContents()).toEqual([grounds, `Dismissed: ${reason}`]);
      expect(await page.locator('.action-links a').count()).toBe(0);
      await expectAccessible(page);
      expect((await proposal(FUNDING_CALL, KISUMU.org)).appeal).toMatchObject({ grounds, outcome: 'dismissed', reason });
      await page.context().close();

      const partner = await newPage(browser());
      await signInAs(partner, put.portal, KISUMU.user, partnerPage(FUNDING_CALL, KISUMU.org));
      expect(await partner.locator('h2:text-is("Appeal") + dl dd').allTextContents()).toEqual([expect.any(String), grounds, 'Dismissed', reason]);
      await expectAccessible(partner);
      await keepScreenshot(partner, `admin-decides-an-appeal-${put.name}`);
      await partner.context().close();
    });

    it('gives feedback on the declined concept note, and upholds the appeal that follows', async () => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, 'admin', adminPage(NOTES_CALL, AMANI.org));
      await page.getByRole('link', { name: 'Give feedback' }).click();
      expect(await h1(page)).toBe(`Feedback to ${AMANI.name}`);
      await expectAccessible(page);
      const feedback = 'A clear need in Likoni; describe how participants are chosen, fairly and openly.';
      await page.getByLabel('Feedback', { exact: true }).fill(feedback);
      await page.getByRole('button', { name: 'Send feedback' }).click();
      expect(await notice(page)).toBe(`Your feedback was sent to ${AMANI.name}`);
      expect(await page.locator('h2:text-is("Feedback to the applicant") + p').textContent()).toBe(feedback);
      await expectAccessible(page);

      // The partner appeals on its own page (here through the API).
      const grounds = 'Section 3 of our concept note describes open enrolment through the chiefs and schools.';
      await stages.expect(202, AMANI.user, 'POST', `/proposals/${NOTES_CALL}/${AMANI.org}/appeal`, { grounds });
      await page.reload();
      await page.getByRole('link', { name: 'Decide the appeal' }).click();
      expect(await h1(page)).toBe(`Appeal from ${AMANI.name}`);
      // A reason but no outcome: refused on the outcome, nothing decided.
      const reason = 'Section 3 does describe open enrolment; the concept note goes back to the shortlisting.';
      await page.getByLabel('Reason', { exact: true }).fill(reason);
      await page.getByRole('button', { name: 'Record the decision on the appeal' }).click();
      expect(await errorSummary(page)).toEqual(['Choose an outcome.']);
      expect(await page.locator('#field-outcome-error').textContent()).toBe('There is a problem: Choose an outcome.');
      expect(await page.getByLabel('Reason', { exact: true }).inputValue()).toBe(reason);
      await expectAccessible(page);
      expect((await proposal(NOTES_CALL, AMANI.org)).appeal).toEqual({ grounds, lodgedAt: expect.any(String) });

      await page.getByLabel('Upheld', { exact: true }).check();
      await page.getByRole('button', { name: 'Record the decision on the appeal' }).click();
      expect(await notice(page)).toBe('The appeal is decided');
      expect(await page.locator('h2:text-is("Appeal") ~ p').allTextContents()).toEqual([grounds, `Upheld: ${reason}`]);
      await expectAccessible(page);
      expect((await proposal(NOTES_CALL, AMANI.org)).appeal).toMatchObject({ grounds, outcome: 'upheld', reason });
      await keepScreenshot(page, `admin-upholds-an-appeal-${put.name}`);
      await page.context().close();
    });
  });
