import type { Page } from 'playwright-core';
import { aCallDetails, aFullProposal, inDays } from '@csm/testkit';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import type { PortalUnderTest } from './portal-under-test';

const DEMO_CALL = 'coastal-youth-resilience';
const DEMO_CALL_TITLE = 'Youth resilience in coastal counties';
const AMANI = 'amani-youth';
const GCERF = { kind: 'gcerf', name: 'GCERF Country Support Mechanism', id: 'gcerf' };

/**
 * The NCTC's and the panel's side, through the public HTTP API with real tokens: each write's
 * position is waited for before the next request, as a person's next page would.
 */
const arranger = (portal: PortalUnderTest) => {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (user: string) => {
    if (!tokens.has(user)) tokens.set(user, portal.token(user));
    return tokens.get(user)!;
  };
  let position: string | undefined;
  const request = async (user: string, method: string, path: string, body?: unknown) => {
    const separator = path.includes('?') ? '&' : '?';
    const url = method === 'GET' && position ? `${path}${separator}minPosition=${position}` : path;
    if (method !== 'GET' && position) await callApi(portal.proposals, 'GET', `/calls?minPosition=${position}`);
    const response = await callApi(portal.proposals, method, url, { token: await tokenOf(user), ...(body !== undefined ? { body } : {}) });
    if (typeof response.body?.position === 'string') position = response.body.position;
    return response;
  };
  const must = async (user: string, method: string, path: string, body?: unknown) => {
    const response = await request(user, method, path, body);
    if (response.status >= 300) throw new Error(`${user} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };
  return { request, must };
};

const conceptNote = (overrides: Record<string, unknown> = {}) => ({
  title: 'Mentors for Likoni',
  summary: 'Peer mentorship and vocational training for 300 young people at risk of recruitment in Likoni and Kisauni.',
  counties: ['001'],
  pillars: ['psychosocial'],
  requestedBudget: { currency: 'KES', amount: 3_500_000 },
  durationMonths: 18,
  ...overrides,
});

let calls = 0;
/** A fresh published call (the demo call already has Amani's concept note): clarifications in 10 days, submissions in 20. */
const aPublishedCall = async (portal: PortalUnderTest, title: string) => {
  const { must } = arranger(portal);
  const callId = `portal-apply-${Date.now().toString(36)}-${++calls}`;
  await must('admin', 'POST', '/calls', { callId, details: aCallDetails({ title }) });
  await must('admin', 'POST', `/calls/${callId}/publish`, {});
  return callId;
};

/** Answers `aFullProposal()` on the full proposal form; the second budget line's amount as given. */
const fillFullProposal = async (page: Page, secondAmount: string) => {
  const full = aFullProposal();
  await page.locator('#field-summary').fill(full.summary);
  await page.locator('#field-durationMonths').fill('18');
  await page.getByLabel('Mombasa').check();
  await page.getByLabel('Psychosocial').check();
  await page.locator('#field-line-1-description').fill('Mentor stipends');
  await page.locator('#field-line-1-category').selectOption({ label: 'Staff' });
  await page.locator('#field-line-1-amount').fill('2,500,000');
  await page.locator('#field-line-2-description').fill('Vocational training kits');
  await page.locator('#field-line-2-category').selectOption({ label: 'Equipment' });
  await page.locator('#field-line-2-amount').fill(secondAmount);
  await page.locator('#field-beneficiaryDescription').fill(full.beneficiaries.description);
  await page.locator('#field-directCount').fill('300');
  await page.getByLabel('Young people').check();
  await page.locator('#field-partner-1-name').fill('Likoni Youth Polytechnic');
  await page.locator('#field-partner-1-role').fill('Delivers the vocational training');
  await page.locator('#field-risk-1-risk').fill(full.risks[0]!.risk);
  await page.locator('#field-risk-1-likelihood').selectOption({ label: 'Medium' });
  await page.locator('#field-risk-1-mitigation').fill(full.risks[0]!.mitigation);
  await page.locator('#field-safeguardingPlan').fill(full.safeguardingPlan);
};

const errorSummary = (page: Page) => page.locator('.error-summary li').allTextContents();
const heading = (page: Page) => page.locator('h1').textContent();

/**
 * A partner's work with calls and solutions in the browser, as the demo user `partner` of the
 * verified Amani Youth Initiative: present a solution, ask a question, send a concept note and
 * then a full proposal, follow the status, answer an offer, appeal. The same journey runs on any
 * platform `start` gives (embedded, or services on Kafka with real Keycloak).
 */
export const partnerAppliesToACall = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('a partner applies to calls and presents solutions', (browser) => {
    let portal: PortalUnderTest;
    beforeAll(async () => {
      portal = await start();
    });
    afterAll(async () => portal?.stop());
    afterEach(() => portal?.moveClock(0));

    const signedIn = async (username = 'partner', back = '/applications') => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, username, back);
      return page;
    };

    it('sees its applications, presents a solution after a refusal that changed nothing, and finds it listed', async () => {
      const page = await signedIn('partner', '/');
      await page.getByRole('link', { name: 'My applications' }).click();
      expect(await heading(page)).toBe('My applications');
      const demoRow = page.locator('table').first().locator('tbody tr', { hasText: DEMO_CALL_TITLE });
      expect(await demoRow.locator('td').allTextContents()).toEqual(['Mentors for Likoni', DEMO_CALL_TITLE, 'Concept note sent', expect.any(String)]);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Present a solution' }).click();
      expect(await heading(page)).toBe('Present a solution');
      await expectAccessible(page);

      // Nothing filled in: the required answers, each linked to its field.
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await errorSummary(page)).toEqual([
        'Enter a title of 5 to 200 characters, on one line.',
        'Enter a description of at least 50 characters.',
        'Choose at least one county.',
        'Choose at least one pillar.',
        'Enter the amount as a whole number, for example 4000000.',
      ]);
      expect(await page.title()).toBe('Error: Present a solution – Citizen Support Mechanism');
      expect(await page.locator('#field-title').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);

      // Every answer given, but the description is too short for the service: its refusal, on that field.
      const { request } = arranger(portal);
      const before = (await request('partner', 'GET', '/solutions')).body.items.length;
      await page.locator('#field-title').fill('Football for peace in Kwale');
      await page.locator('#field-description').fill('Football leagues.');
      await page.getByLabel('Kwale').check();
      await page.getByLabel('Arts and culture').check();
      await page.locator('#field-amount').fill('1,200,000');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading(page)).toBe('Check your answers');
      expect(await page.locator('.summary-list dd').allTextContents()).toEqual(['Football for peace in Kwale', 'Football leagues.', 'Kwale', 'Arts and culture', 'Ksh\u00a01,200,000']);
      await expectAccessible(page);
      // "Change your answers" goes back to the form as it was filled in.
      await page.getByRole('button', { name: 'Change your answers' }).click();
      expect(await heading(page)).toBe('Present a solution');
      expect(await page.locator('#field-amount').inputValue()).toBe('1,200,000');
      expect(await page.getByLabel('Kwale').isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Present the solution' }).click();
      expect(await errorSummary(page)).toEqual(['Enter a description of at least 50 characters.']);
      expect(await page.locator('#field-title').inputValue()).toBe('Football for peace in Kwale');
      expect((await request('partner', 'GET', '/solutions')).body.items.length).toBe(before);
      await expectAccessible(page);

      const description = 'Weekend football leagues in Kwale that bring young people, parents and chiefs together, with mentoring after each match.';
      await page.locator('#field-description').fill(description);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Present the solution' }).click();
      expect(await heading(page)).toBe('Solution presented');
      expect(await page.locator('main').textContent()).toContain('The NCTC will read your solution.');
      await expectAccessible(page);
      const solutions = (await request('partner', 'GET', '/solutions')).body.items as { solution: { title: string; description: string } }[];
      expect(solutions.map((s) => s.solution)).toContainEqual({ title: 'Football for peace in Kwale', description, counties: ['002'], pillars: ['arts-culture'], estimatedBudget: { currency: 'KES', amount: 1_200_000 } });

      await page.getByRole('link', { name: 'Back to my applications' }).click();
      const solutionRows = page.locator('table').nth(1).locator('tbody tr');
      expect(await solutionRows.filter({ hasText: 'Football for peace in Kwale' }).locator('td').allTextContents()).toEqual(['Football for peace in Kwale', 'With the NCTC', expect.any(String)]);
      await expectAccessible(page);
      await page.context().close();
    });

    it('asks a question on the open call, after a refusal that asked nothing', async () => {
      const page = await signedIn();
      await page.getByRole('link', { name: `Ask a question: ${DEMO_CALL_TITLE}` }).click();
      expect(await heading(page)).toBe('Ask a question about this call');
      await expectAccessible(page);

      const { request } = arranger(portal);
      const asked = async () => (await request('admin', 'GET', `/calls/${DEMO_CALL}/clarifications`)).body.items.map((q: { question: string }) => q.question);
      const before = await asked();
      await page.locator('#field-question').fill('Why?');
      await page.getByRole('button', { name: 'Send the question' }).click();
      expect(await errorSummary(page)).toEqual(['Enter a question of at least 10 characters.']);
      expect(await page.locator('#field-question').inputValue()).toBe('Why?');
      expect(await asked()).toEqual(before);
      await expectAccessible(page);

      const question = 'May the budget include stipends for volunteer mentors?';
      await page.locator('#field-question').fill(question);
      await page.getByRole('button', { name: 'Send the question' }).click();
      expect(await heading(page)).toBe('Question sent');
      expect(await page.locator('main h2 + p').textContent()).toBe(
        "The NCTC will answer on the call's page, where every applicant can read the answer. Your name and organisation are not shown.",
      );
      await expectAccessible(page);
      expect(await asked()).toEqual([...before, question]);
      await page.context().close();
    });

    it('sends a concept note to an open call and, once shortlisted, its full proposal', async () => {
      const title = 'Resilient youth in Mombasa and Kisumu';
      const callId = await aPublishedCall(portal, title);
      const { request, must } = arranger(portal);
      const page = await signedIn();
      await page.getByRole('link', { name: `Send a concept note: ${title}` }).click();
      expect(await heading(page)).toBe('Send a concept note');
      await expectAccessible(page);

      // More than the call allows: the service's rule, on the amount; no application exists.
      await page.locator('#field-title').fill('Mentors for Likoni');
      await page.locator('#field-summary').fill(conceptNote().summary);
      await page.getByLabel('Mombasa').check();
      await page.getByLabel('Psychosocial').check();
      await page.locator('#field-amount').fill('9000000');
      await page.locator('#field-durationMonths').fill('18');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading(page)).toBe('Check your answers');
      expect(await page.locator('.summary-list dd').allTextContents()).toEqual([
        'Mentors for Likoni',
        conceptNote().summary,
        'Mombasa',
        'Psychosocial',
        'Ksh\u00a09,000,000',
        '18 months',
      ]);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Send the concept note' }).click();
      expect(await errorSummary(page)).toEqual(['The amount is outside the range this call allows.']);
      expect(await page.locator('#field-amount').getAttribute('aria-describedby')).toBe('field-amount-hint field-amount-error');
      expect((await request('partner', 'GET', `/proposals/${callId}/${AMANI}`)).status).toBe(404);
      await expectAccessible(page);

      await page.locator('#field-amount').fill('3500000');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Send the concept note' }).click();
      expect(await heading(page)).toBe('Concept note sent');
      expect(await page.locator('.panel-confirmation strong').textContent()).toBe('Concept note sent');
      await expectAccessible(page);
      expect((await request('partner', 'GET', `/proposals/${callId}/${AMANI}`)).body.conceptNote).toEqual(conceptNote());

      // The NCTC closes the call after its deadline and shortlists the concept note.
      portal.moveClock(25);
      await must('admin', 'POST', `/calls/${callId}/close`, {});
      await must('admin', 'POST', `/calls/${callId}/concept-notes/${AMANI}/shortlist`, { fullProposalDeadline: inDays(35) });

      await page.getByRole('link', { name: 'View your application' }).click();
      expect(await page.locator('main > p:has(.tag) .tag').textContent()).toBe('Shortlisted');
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Start your full proposal' }).click();
      expect(await heading(page)).toBe('Send your full proposal');
      expect(await page.locator('#field-title').inputValue()).toBe('Mentors for Likoni');
      await expectAccessible(page);

      const full = aFullProposal();
      await fillFullProposal(page, 'a million');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading(page)).toBe('Check your answers');
      await page.getByRole('button', { name: 'Send the full proposal' }).click();
      // "a million" is no amount: the service names budget line 2, the page says which field.
      expect(await errorSummary(page)).toEqual(["Enter the budget line's amount as a whole number."]);
      expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#field-line-2-amount');
      expect((await request('partner', 'GET', `/proposals/${callId}/${AMANI}`)).body.status).toBe('shortlisted');
      await expectAccessible(page);

      await page.locator('#field-line-2-amount').fill('1000000');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await page.locator('table tbody td').allTextContents()).toEqual(['Mentor stipends', 'Staff', 'Ksh\u00a02,500,000', 'Vocational training kits', 'Equipment', 'Ksh\u00a01,000,000']);
      expect(await page.locator('table tfoot td').textContent()).toBe('Ksh\u00a03,500,000');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Send the full proposal' }).click();
      expect(await heading(page)).toBe('Full proposal sent');
      await expectAccessible(page);
      expect((await request('partner', 'GET', `/proposals/${callId}/${AMANI}`)).body.fullProposal).toEqual(full);

      await page.getByRole('link', { name: 'Back to my applications' }).click();
      const row = page.locator('table').first().locator('tbody tr', { hasText: title });
      expect(await row.locator('td').allTextContents()).toEqual(['Mentors for Likoni', title, 'Full proposal sent', expect.any(String)]);
      await expectAccessible(page);
      await page.context().close();
    });

    it('reads its screening results and the decision, and accepts the offer after a refusal that changed nothing', async () => {
      const title = 'Youth mentorship offer';
      const callId = await aPublishedCall(portal, title);
      const { request, must } = arranger(portal);
      const path = `/proposals/${callId}/${AMANI}`;
      await must('partner', 'POST', `/calls/${callId}/concept-notes`, conceptNote());
      portal.moveClock(25);
      await must('admin', 'POST', `/calls/${callId}/close`, {});
      await must('admin', 'POST', `/calls/${callId}/concept-notes/${AMANI}/shortlist`, { fullProposalDeadline: inDays(35) });
      await must('partner', 'POST', `${path}/full-proposal`, aFullProposal());
      portal.moveClock(40);
      await must('admin', 'POST', `${path}/screening`, {});
      await must('reviewer', 'POST', `${path}/conflict-declaration`, { conflict: false });
      await must('reviewer', 'POST', `${path}/score-sheet/lock`, {
        scores: [
          { criterionId: 'relevance', score: 9, comment: 'Fits the County Action Plan' },
          { criterionId: 'feasibility', score: 8, comment: 'Costed and staffed' },
        ],
      });
      const items = ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'].map((item) => ({ item, score: 3, passed: true, note: 'No concerns' }));
      await must('admin', 'POST', `${path}/legal-ethical-check`, { items });
      await must('admin', 'POST', `${path}/recommendation`, { outcome: 'recommend', body: GCERF, rationale: 'High scores, well costed and low risk.' });
      await must('donor', 'POST', `${path}/decision`, { decision: 'approved', amount: 3_500_000, note: 'Approved by the Independent Review Panel' });
      const screening = (await must('partner', 'GET', path)).body.screening as { checks: { reason: string }[] };

      const page = await signedIn('partner', `/applications/proposals/${callId}/${AMANI}`);
      expect(await heading(page)).toBe('Mentors for Likoni');
      expect(await page.locator('main > p:has(.tag) .tag').textContent()).toBe('Offer made');
      const checks = page.locator('table').first().locator('tbody tr');
      const rows = await Promise.all([0, 1, 2, 3].map((index) => checks.nth(index).locator('td').allTextContents()));
      expect(await checks.count()).toBe(4);
      expect(rows).toEqual([
        ['Type of organisation', 'Passed', screening.checks[0]!.reason],
        ['Registration status', 'Passed', screening.checks[1]!.reason],
        ['Counties and pillars', 'Passed', screening.checks[2]!.reason],
        ['Budget and completeness', 'Passed', screening.checks[3]!.reason],
      ]);
      expect(await page.locator('dl.summary-list').nth(1).locator('dd').allTextContents()).toEqual([
        'GCERF Country Support Mechanism',
        'Approved',
        'Ksh\u00a03,500,000',
        'Approved by the Independent Review Panel',
      ]);
      await expectAccessible(page);

      // No answer chosen: the service's refusal, on the question; the offer stands.
      await page.getByRole('button', { name: 'Send your answer' }).click();
      expect(await errorSummary(page)).toEqual(['Choose whether you accept the offer.']);
      expect((await request('partner', 'GET', path)).body.status).toBe('approved');
      await expectAccessible(page);

      await page.getByLabel('Yes, we accept').check();
      await page.getByRole('button', { name: 'Send your answer' }).click();
      expect(await heading(page)).toBe('Offer accepted');
      expect(await page.locator('.panel-confirmation strong').textContent()).toBe('Offer accepted');
      expect((await request('partner', 'GET', path)).body.offerResponse.response).toBe('accepted');
      await expectAccessible(page);
      await page.context().close();
    });

    it('reads why its concept note was not taken forward and its feedback, and appeals with its reasons', async () => {
      const title = 'Youth dialogue appeal';
      const callId = await aPublishedCall(portal, title);
      const { request, must } = arranger(portal);
      const path = `/proposals/${callId}/${AMANI}`;
      await must('partner', 'POST', `/calls/${callId}/concept-notes`, conceptNote({ title: 'Dialogue days in Likoni' }));
      portal.moveClock(25);
      await must('admin', 'POST', `/calls/${callId}/close`, {});
      await must('admin', 'POST', `/calls/${callId}/concept-notes/${AMANI}/decline`, { reason: 'The concept note does not say how participants are chosen.' });
      await must('admin', 'POST', `${path}/feedback`, { feedback: 'A clear need, but the selection of participants must be described and fair.' });

      const page = await signedIn();
      await page.locator('table').first().getByRole('link', { name: 'Dialogue days in Likoni' }).click();
      expect(await page.locator('main > p:has(.tag) .tag').textContent()).toBe('Not taken forward');
      expect(await page.locator('h2:has-text("Why it was not taken forward") + p').textContent()).toBe('The concept note does not say how participants are chosen.');
      expect(await page.locator('h2:has-text("Feedback") + p').textContent()).toBe('A clear need, but the selection of participants must be described and fair.');
      await expectAccessible(page);

      await page.locator('#field-grounds').fill('Unfair.');
      await page.getByRole('button', { name: 'Lodge the appeal' }).click();
      expect(await errorSummary(page)).toEqual(['Explain why you are appealing, in at least 20 characters.']);
      expect(await page.locator('#field-grounds').inputValue()).toBe('Unfair.');
      expect((await request('partner', 'GET', path)).body.appeal).toBeUndefined();
      await expectAccessible(page);

      const grounds = 'Section 3 of our concept note describes open enrolment through the chiefs and schools.';
      await page.locator('#field-grounds').fill(grounds);
      await page.getByRole('button', { name: 'Lodge the appeal' }).click();
      expect(await heading(page)).toBe('Appeal lodged');
      await expectAccessible(page);
      expect((await request('partner', 'GET', path)).body.appeal.grounds).toBe(grounds);

      await page.getByRole('link', { name: 'View your application' }).click();
      expect(await page.locator('h2:has-text("Appeal") + dl dd').allTextContents()).toEqual([expect.any(String), grounds, 'Waiting for a decision']);
      await expectAccessible(page);
      await keepScreenshot(page, `partner-applies-to-a-call-${portal.name}`);
      await page.context().close();
    });

    it('sends the full proposal of the direct partnership the NCTC opened from its solution', async () => {
      const { request, must } = arranger(portal);
      const solutionId = `portal-direct-${Date.now().toString(36)}`;
      await must('partner', 'POST', '/solutions', {
        solutionId,
        solution: { title: 'Mentors for Likoni', description: aFullProposal().summary, counties: ['001'], pillars: ['psychosocial'], estimatedBudget: { currency: 'KES', amount: 3_500_000 } },
      });
      await must('admin', 'POST', `/solutions/${AMANI}/${solutionId}/convert`, {
        justification: 'Fills a gap no open call covers in Likoni this year.',
        fullProposalDeadline: inDays(30),
        reviewers: ['reviewer'],
      });

      const page = await signedIn();
      const row = page.locator('table').first().locator('tbody tr', { hasText: 'Direct partnership' });
      expect(await row.locator('td').allTextContents()).toEqual(['Mentors for Likoni', 'Direct partnership (from a solution you presented)', 'Shortlisted', expect.any(String)]);
      await expectAccessible(page);
      await row.getByRole('link', { name: 'Mentors for Likoni' }).click();
      expect(await page.locator('h2:has-text("Why the NCTC opened this partnership") + p').textContent()).toBe('Fills a gap no open call covers in Likoni this year.');
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Start your full proposal' }).click();
      expect(await page.locator('input[name=counties]').count()).toBe(47);
      expect(await page.locator('#field-currency option').allTextContents()).toEqual(['KES', 'USD']);
      await fillFullProposal(page, '1000000');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Send the full proposal' }).click();
      expect(await heading(page)).toBe('Full proposal sent');
      await expectAccessible(page);
      expect((await request('partner', 'GET', `/proposals/direct-${solutionId}/${AMANI}`)).body.fullProposal).toEqual(aFullProposal());
      await page.context().close();
    });

    it('answers an information request by updating its concept note after the call closed', async () => {
      const title = 'Youth livelihoods information';
      const callId = await aPublishedCall(portal, title);
      const { request, must } = arranger(portal);
      const path = `/proposals/${callId}/${AMANI}`;
      await must('partner', 'POST', `/calls/${callId}/concept-notes`, conceptNote({ title: 'Livelihoods in Likoni' }));
      portal.moveClock(25);
      await must('admin', 'POST', `/calls/${callId}/close`, {});
      const message = 'Please say how many of the 300 young people are women.';
      await must('admin', 'POST', `${path}/information-requests`, { message, until: inDays(30) });

      const page = await signedIn('partner', `/applications/proposals/${callId}/${AMANI}`);
      expect(await page.locator('h2:has-text("Requests for information") + dl dd').allTextContents()).toEqual([message]);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Update your concept note' }).click();
      expect(await heading(page)).toBe('Update your concept note');
      expect(await page.locator('#field-summary').inputValue()).toBe(conceptNote().summary);
      await expectAccessible(page);

      // Emptied by mistake: the form says so and the concept note stays as it was.
      await page.locator('#field-summary').fill('');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await errorSummary(page)).toEqual(['Enter a summary of at least 50 characters.']);
      await expectAccessible(page);

      const summary = `${conceptNote().summary} Half of them, 150, are young women.`;
      await page.locator('#field-summary').fill(summary);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Send the changes' }).click();
      expect(await heading(page)).toBe('Changes sent');
      await expectAccessible(page);
      expect((await request('partner', 'GET', path)).body.conceptNote.summary).toBe(summary);
      await page.context().close();
    });

    it("keeps Amani's application from a partner of another organisation (the service refuses; the page says so)", async () => {
      const page = await signedIn('partner2', '/');
      const response = await page.goto(`${portal.portal}/applications/proposals/${DEMO_CALL}/${AMANI}`);
      expect(response?.status()).toBe(403);
      expect(await heading(page)).toBe('You do not have access to this page');
      await expectAccessible(page);
      await page.context().close();
    });
  });
