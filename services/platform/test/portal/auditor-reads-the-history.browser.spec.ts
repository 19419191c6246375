import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import { bringCallsToScoring, expectNoSidewaysScroll, recommend, stagesOn, type Stages } from './assessment-stages';
import { embeddedPortal, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(120_000);

const CALL = 'audit-trail';
const CALL_TITLE = 'Safe spaces for young people in coastal and lake counties';
/** The subjects of the demo accounts (libs/identity demo users): who acted, as the events' envelopes name them. */
const ADMIN = 'NCTC administrator\naccount 9a0e4f52-0001-4c1e-9a51-000000000001';
const PARTNER = 'Partner\nfor organisation amani-youth\naccount 9a0e4f52-0004-4c1e-9a51-000000000004';
const REVIEWER = 'Reviewer\naccount 9a0e4f52-0002-4c1e-9a51-000000000002';

/** A table's rows, the time column left out (it is the moment the test ran). */
const rowsWithoutTime = async (page: Page) =>
  (await page.locator('tbody tr').allInnerTexts()).map((row) => {
    const [revision, what, , who] = row.split('\t');
    return [revision, what, who].join(' | ');
  });

/**
 * The auditor's journey (issue 9): the history of an organisation, a call and a proposal as a
 * timeline — what happened in plain words, when, who as the record names them — with the hash
 * chain's verdict in words; and a partner is not let in.
 */
export const auditorJourney = (start: () => Promise<PortalUnderTest>) =>
  describeInBrowser('an auditor reads the history of decisions', (browser) => {
    let portal: PortalUnderTest;
    let stages: Stages;
    beforeAll(async () => {
      portal = await start();
      stages = stagesOn(portal);
      await bringCallsToScoring(portal, stages, [{ callId: CALL, title: CALL_TITLE, reviewers: ['reviewer'] }]);
      await recommend(stages, `/proposals/${CALL}/amani-youth`, ['reviewer'], { outcome: 'recommend', body: { kind: 'government', name: 'Ministry of Interior' }, rationale: 'Highest weighted score; low risk; well costed.' });
    });
    afterAll(async () => portal?.stop());

    it('reads an organisation’s, a call’s and a proposal’s history with the chain’s verdict', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'auditor');
      await page.getByRole('link', { name: 'History', exact: true }).click();
      expect(new URL(page.url()).pathname).toBe('/history');
      expect(await page.locator('h1').innerText()).toBe('History of decisions');
      expect(await page.locator('caption').allInnerTexts()).toEqual(['Registered organisations (3)', 'Calls (2)']);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Amani Youth Initiative' }).click();
      expect(new URL(page.url()).pathname).toBe('/history/organisations/amani-youth');
      expect(await page.locator('h1').innerText()).toBe('History of organisation amani-youth');
      expect(await page.locator('.timeline-verdict').innerText()).toBe('The record is intact: 4 events');
      expect(await page.locator('thead tr').innerText()).toBe('Revision\tWhat happened\tWhen (Nairobi time)\tWho');
      expect(await rowsWithoutTime(page)).toEqual([
        `0 | Organisation registered | ${PARTNER}`,
        `1 | Member added | ${PARTNER}`,
        `2 | Submitted for verification | ${PARTNER}`,
        `3 | Organisation verified | ${ADMIN}`,
      ]);
      // The time as the event was recorded, in Nairobi time.
      expect(await page.locator('tbody tr td time').first().innerText()).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}:\d{2}$/);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Back to history' }).click();
      await page.getByRole('link', { name: CALL_TITLE }).click();
      expect(new URL(page.url()).pathname).toBe(`/history/calls/${CALL}`);
      expect(await page.locator('.timeline-verdict').innerText()).toBe('The record is intact: 3 events');
      expect(await rowsWithoutTime(page)).toEqual([`0 | Call drafted | ${ADMIN}`, `1 | Call published | ${ADMIN}`, `2 | Call closed | ${ADMIN}`]);
      expect(await page.locator('main ul li').allInnerTexts()).toEqual(['Mentors for Likoni – Amani Youth Initiative', 'Interfaith youth forums – Kisumu Interfaith Dialogue']);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Mentors for Likoni – Amani Youth Initiative' }).click();
      expect(new URL(page.url()).pathname).toBe(`/history/proposals/${CALL}/amani-youth`);
      expect(await page.locator('h1').innerText()).toBe(`History of proposal ${CALL}.amani-youth`);
      expect(await page.locator('.timeline-verdict').innerText()).toBe('The record is intact: 9 events');
      expect(await rowsWithoutTime(page)).toEqual([
        `0 | Concept note submitted | ${PARTNER}`,
        `1 | Concept note shortlisted | ${ADMIN}`,
        `2 | Full proposal invited | ${ADMIN}`,
        `3 | Full proposal submitted | ${PARTNER}`,
        `4 | Proposal screened | ${ADMIN}`,
        `5 | Conflict of interest declared (or none) | ${REVIEWER}`,
        `6 | Score sheet locked | ${REVIEWER}`,
        `7 | Legal and ethical check recorded | ${ADMIN}`,
        `8 | Recommendation recorded | ${ADMIN}`,
      ]);
      await expectAccessible(page);

      // A proposal still at its concept note is found by its call and organisation.
      await page.goto(`${portal.portal}/history`);
      await page.getByLabel('Call').selectOption({ label: 'Youth resilience in coastal counties' });
      await page.getByLabel('Organisation').selectOption({ label: 'Amani Youth Initiative' });
      await page.getByRole('button', { name: 'Show history' }).click();
      expect(new URL(page.url()).pathname).toBe('/history/proposals/coastal-youth-resilience/amani-youth');
      expect(await page.locator('.timeline-verdict').innerText()).toBe('The record is intact: 1 event');
      expect(await rowsWithoutTime(page)).toEqual([`0 | Concept note submitted | ${PARTNER}`]);
      await expectAccessible(page);
      await keepScreenshot(page, `auditor-${portal.name}`);
      await expectNoSidewaysScroll(page);
      await page.context().close();
    });

    it('asks for a call and an organisation when the search names neither', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'auditor', '/history');
      await page.getByRole('button', { name: 'Show history' }).click();
      expect(await page.locator('.error-summary li').allInnerTexts()).toEqual(['Choose a call', 'Choose an organisation']);
      expect(await page.locator('#field-call').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);
      await page.context().close();
    });

    it('shows a partner opening the history the not-allowed page', async () => {
      const page = await newPage(browser());
      await signInAs(page, portal.portal, 'partner');
      expect(await page.getByRole('link', { name: 'History', exact: true }).count()).toBe(0);
      for (const path of ['/history', '/history/organisations/amani-youth']) {
        const response = await page.goto(`${portal.portal}${path}`);
        expect(response?.status()).toBe(403);
        expect(await page.locator('h1').innerText()).toBe('You do not have access to this page');
      }
      await expectAccessible(page);
      await page.context().close();
    });
  });

auditorJourney(embeddedPortal);
