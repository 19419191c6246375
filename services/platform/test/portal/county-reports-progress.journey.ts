import type { Page } from 'playwright-core';
import { aCountyPlan } from '@csm/testkit';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import type { PortalUnderTest } from './portal-under-test';

const h1 = (page: Page) => page.locator('h1').textContent();
const period = (now = new Date()) => `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;

const DELAY = 'Mentors were away during the election period.';
const RETURN = 'The forum count disagrees with the minutes.';
const SUMMARY = 'Mentorship circles met in both wards; the interfaith forum met once.';
const CORRECTED = 'Corrected: the interfaith forum met twice, as the minutes say.';
const MINUTES = 'https://mombasa.example/cve/forum-minutes.pdf';
const REVIEW_NOTE = 'The cooperatives’ members are returnees: only counted.';
/** The sensitivity review's checklist as the NCTC's form words it. */
export const SENSITIVITY_ITEMS = [
  'No individual is named or can be identified',
  'Every sensitive action (work with returnees, for example) is marked sensitive',
  'Counts below 3 are shown only as “fewer than 3”',
  'No community, faith or ethnic group is stigmatised',
];

/**
 * Mombasa's quarterly progress report through the portal (the demo data publishes its plan):
 * the county officer reports (a delayed action without its reason refused first, nothing
 * recorded), checks and sends it; the secretariat approves; the co-chairs return it with a
 * reason (an empty one refused first); the officer corrects and resends; the secretariat, the
 * co-chairs and the NCTC approve; the public county page shows the progress by pillar.
 * Refusals: another county's officer is not offered Mombasa's form, a partner not the queue.
 * Written against a PortalUnderTest whose platform runs county-plans (`countyPlans`).
 */
export const countyReportsProgress = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('a county reports its quarterly progress up three approval levels to the public page', (browser) => {
    let put: PortalUnderTest;
    const quarter = period();
    beforeAll(async () => {
      put = await start();
    });
    afterAll(async () => put?.stop());

    const reportAsOfficer = async () => callApi(put.countyPlans!, 'GET', `/county-reports/001/${quarter}`, { token: await put.token('county') });
    const signedIn = async (username: string, back = '/') => {
      const page = await newPage(browser());
      await signInAs(page, put.portal, username, back);
      return page;
    };
    /** An approver opens the queue, the report, and records a decision (the NCTC's approval with its sensitivity review). */
    const decide = async (username: string, choice: string, reason?: string, review?: (page: Page) => Promise<void>) => {
      const page = await signedIn(username);
      await page.getByRole('link', { name: 'County approvals', exact: true }).click();
      expect(await h1(page)).toBe('County approvals');
      await expectAccessible(page);
      await page.getByRole('link', { name: `Mombasa, ${quarter}` }).click();
      expect(await h1(page)).toBe(`Mombasa progress report for ${quarter}`);
      await expectAccessible(page);
      await page.getByLabel(choice).check();
      if (reason) await page.locator('#field-reason').fill(reason);
      if (review) await review(page);
      await page.getByRole('button', { name: 'Record the decision' }).click();
      expect(await h1(page)).toBe('County approvals');
      expect(await page.locator('.notice h2').textContent()).toBe(reason ? 'It was returned with your reason' : 'Your approval was recorded');
      expect(await page.getByRole('link', { name: `Mombasa, ${quarter}` }).count()).toBe(0);
      await expectAccessible(page);
      return page;
    };

    it('reports, is returned by the co-chairs, is corrected and published after three approvals', async () => {
      const officer = await signedIn('county');
      await officer.getByRole('link', { name: 'My county', exact: true }).click();
      expect(await h1(officer)).toBe('Mombasa County');
      expect(await officer.getByRole('row', { name: /^1 / }).locator('td').allTextContents()).toEqual(['1', 'Mombasa County Action Plan on Preventing and Countering Violent Extremism', expect.stringMatching(/^Published /)]);
      await expectAccessible(officer);

      await officer.getByRole('link', { name: `Report on ${quarter}` }).click();
      expect(await h1(officer)).toBe(`Progress report for ${quarter}`);
      await expectAccessible(officer);
      // Every action of the plan (the sensitive one too: the county reports on all its work).
      await officer.locator('#field-status-mentorship-likoni').selectOption('delayed');
      await officer.locator('#field-status-imam-pastor-forums').selectOption('on-track');
      await officer.locator('#field-status-fisheries-cooperatives').selectOption('on-track');
      for (const [indicator, value] of [['youth-mentored', '1600'], ['mentees-in-work', '40'], ['forums-held', '8'], ['cooperative-members', '300']]) {
        await officer.locator(`#field-value-${indicator}`).fill(value!);
      }
      await officer.locator('#field-summary').fill(SUMMARY);
      await officer.locator('#field-evidenceTitle-0').fill('Forum minutes');
      await officer.locator('#field-evidenceUrl-0').fill(MINUTES);

      // Delayed without its reason: the service's field error at the field, nothing recorded.
      await officer.getByRole('button', { name: 'Save and continue' }).click();
      expect(await officer.locator('.error-summary h2').textContent()).toBe('There is a problem');
      expect(await officer.locator('.error-summary a').allTextContents()).toEqual(['Give the reason: a delayed or dropped action needs one (at least 5 characters)']);
      expect(await officer.locator('.error-summary a').getAttribute('href')).toBe('#field-reason-mentorship-likoni');
      expect(await officer.locator('#field-reason-mentorship-likoni-error').textContent()).toBe('There is a problem: Give the reason: a delayed or dropped action needs one (at least 5 characters)');
      expect(await officer.locator('#field-reason-mentorship-likoni').getAttribute('aria-invalid')).toBe('true');
      expect(await officer.locator('#field-value-forums-held').inputValue()).toBe('8');
      await expectAccessible(officer);
      expect((await reportAsOfficer()).status).toBe(404);

      await officer.locator('#field-reason-mentorship-likoni').fill(DELAY);
      await officer.getByRole('button', { name: 'Save and continue' }).click();
      expect(await h1(officer)).toBe(`Check your report for ${quarter}`);
      expect(await officer.locator('.summary-list div', { hasText: 'Peer mentorship circles' }).locator('.tag').textContent()).toBe('Delayed');
      expect(await officer.getByRole('link', { name: 'Forum minutes' }).getAttribute('href')).toBe(MINUTES);
      await expectAccessible(officer);
      await officer.getByRole('button', { name: 'Send for approval' }).click();
      expect(await h1(officer)).toBe(`Progress report for ${quarter}`);
      expect(await officer.locator('.notice h2').textContent()).toBe('Report sent for approval');
      expect(await officer.locator('.meta .tag').first().textContent()).toBe('Waiting for the county secretariat');
      await expectAccessible(officer);

      await decide('secretariat', 'Approve and send to the county co-chairs');

      // The co-chairs return it; the reason is required.
      const cochair = await signedIn('cochair', `/county-review/reports/001/${quarter}`);
      expect(await h1(cochair)).toBe(`Mombasa progress report for ${quarter}`);
      await cochair.getByLabel('Return for correction').check();
      await cochair.getByRole('button', { name: 'Record the decision' }).click();
      expect(await cochair.locator('.error-summary a').allTextContents()).toEqual(['Give the reason you return it (at least 5 characters)']);
      expect(await cochair.locator('.error-summary a').getAttribute('href')).toBe('#field-reason');
      expect(await cochair.locator('#field-reason').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(cochair);
      expect((await reportAsOfficer()).body.level).toBe('county-co-chairs');
      await decide('cochair', 'Return for correction', RETURN);

      // The officer sees why and corrects it.
      await officer.getByRole('link', { name: 'My county', exact: true }).click();
      expect(await officer.getByRole('row', { name: new RegExp(`^${quarter}`) }).locator('td').nth(1).textContent()).toBe('Returned for correction');
      await officer.getByRole('link', { name: quarter, exact: true }).click();
      expect(await officer.locator('.meta .tag').first().textContent()).toBe('Returned for correction');
      expect(await officer.locator('ul.plain li').first().textContent()).toMatch(new RegExp(`^Returned by the county co-chairs on .+: ${RETURN}$`));
      await expectAccessible(officer);
      await officer.getByRole('link', { name: 'Correct the report' }).click();
      expect(await officer.locator('#field-reason-mentorship-likoni').inputValue()).toBe(DELAY);
      await officer.locator('#field-summary').fill(CORRECTED);
      await expectAccessible(officer);
      await officer.getByRole('button', { name: 'Save and continue' }).click();
      expect(await h1(officer)).toBe(`Check your report for ${quarter}`);
      await officer.getByRole('button', { name: 'Send for approval' }).click();
      expect(await officer.locator('.meta .tag').first().textContent()).toBe('Waiting for the county secretariat');

      await decide('secretariat', 'Approve and send to the county co-chairs');
      await decide('cochair', 'Approve and send to the NCTC');
      // The NCTC publishes: without the sensitivity review (one item left unticked) it is refused at the checklist, nothing recorded.
      const nctc = await decide('admin', 'Approve and publish', undefined, async (page) => {
        for (const item of SENSITIVITY_ITEMS.slice(0, 3)) await page.getByLabel(item).check();
        await page.getByRole('button', { name: 'Record the decision' }).click();
        expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Confirm every item of the sensitivity review before publishing']);
        expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#field-sensitivityReview');
        expect(await page.getByLabel(SENSITIVITY_ITEMS[0]!).isChecked()).toBe(true);
        await expectAccessible(page);
        expect((await reportAsOfficer()).body.level).toBe('nctc');
        await page.getByLabel(SENSITIVITY_ITEMS[3]!).check();
        await page.locator('#field-reviewNote').fill(REVIEW_NOTE);
      });
      expect((await reportAsOfficer()).body.status).toBe('published');
      const history = await callApi(put.countyPlans!, 'GET', `/county-reports/001/${quarter}/history`, { token: await put.token('admin') });
      expect(history.body.events.find((e: { type: string }) => e.type === 'CountyReportApproved').data.sensitivityReview).toEqual({
        confirmed: ['noIndividuals', 'sensitiveMarked', 'smallCountsSuppressed', 'noStigma'],
        note: REVIEW_NOTE,
        reviewedBy: expect.any(String),
        reviewedAt: expect.any(String),
      });

      // The public page: the published plan and the progress by pillar (the sensitive action, and its pillar, nowhere).
      await nctc.goto(`${put.portal}/counties`);
      expect(await h1(nctc)).toBe('County Action Plans');
      expect(await nctc.getByRole('row', { name: /Mombasa/ }).locator('td').allTextContents()).toEqual(['001', 'Mombasa', expect.stringMatching(/^Published /)]);
      expect(await nctc.getByRole('row', { name: /Kwale/ }).locator('td').allTextContents()).toEqual(['002', 'Kwale', 'Not published yet']);
      await expectAccessible(nctc);
      await nctc.getByRole('link', { name: 'Mombasa', exact: true }).click();
      expect(await h1(nctc)).toBe('Mombasa County Action Plan');
      expect(await nctc.locator('h3', { hasText: 'Report for' }).allTextContents()).toEqual([`Report for ${quarter}`]);
      expect(await nctc.locator('ul.plain li').allTextContents()).toEqual(['Psychosocial: 1 action delayed', 'Faith-based and ideological: 1 action on track']);
      expect(await nctc.getByText(CORRECTED).count()).toBe(1);
      expect(await nctc.getByRole('table', { name: 'Peer mentorship circles in Likoni and Kisauni', exact: true }).locator('tr').allTextContents()).toEqual([
        'Led byAmani Youth Network · with: County Department of Youth and Gender',
        expect.stringMatching(/^Whenfrom \d{4}-Q1 to \d{4}-Q4$/),
        'BudgetKsh\u00a04,500,000', // Intl's no-break space
        'Indicator: Young people completing mentorshipbaseline 0, target 1600 (a count, every quarter)',
        'Indicator: Mentees in work or training a year laterbaseline 10, target 40 (per cent, every year)',
      ]);
      expect(await nctc.getByText('fisheries', { exact: false }).count()).toBe(0);
      await expectAccessible(nctc);
      await keepScreenshot(nctc, `county-reports-progress-${put.name}`);
    });

    it('reviews a new version of the plan: the secretariat endorses it, the NCTC returns it with its reason', async () => {
      const token = await put.token('county');
      const drafted = await callApi(put.countyPlans!, 'POST', '/county-plans/001/versions', { token, body: aCountyPlan({ title: 'Mombasa County Action Plan, second edition' }) });
      expect(drafted.status).toBe(201);
      expect((await callApi(put.countyPlans!, 'POST', '/county-plans/001/versions/2/submit', { token, body: {} })).status).toBe(202);

      const secretariat = await signedIn('secretariat', '/county-review');
      expect(await secretariat.getByRole('row', { name: /Mombasa, version 2/ }).locator('td').allTextContents()).toEqual(['Mombasa, version 2', 'the county secretariat', expect.any(String)]);
      await secretariat.getByRole('link', { name: 'Mombasa, version 2' }).click();
      expect(await h1(secretariat)).toBe('Mombasa action plan, version 2');
      expect(await secretariat.locator('.lead').textContent()).toBe('Mombasa County Action Plan, second edition');
      expect(await secretariat.getByText('Youth fisheries cooperatives (sensitive: never published)', { exact: false }).count()).toBe(1);
      await expectAccessible(secretariat);
      await secretariat.getByLabel('Endorse and send to the NCTC').check();
      await secretariat.getByRole('button', { name: 'Record the decision' }).click();
      expect(await secretariat.locator('.notice h2').textContent()).toBe('Your approval was recorded');

      const nctc = await signedIn('admin', '/county-review/plans/001/2');
      // The NCTC's form asks for the sensitivity review (needed to publish, not to return).
      expect(await nctc.getByRole('group', { name: 'Sensitivity review before publishing' }).getByRole('checkbox').count()).toBe(4);
      // … in Kiswahili too.
      const kiswahili = await newPage(browser(), { locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw-KE,sw;q=0.9' } });
      await signInAs(kiswahili, put.portal, 'admin', '/county-review/plans/001/2');
      const checklist = kiswahili.getByRole('group', { name: 'Ukaguzi wa taarifa nyeti kabla ya kuchapisha' });
      expect(await checklist.getByRole('checkbox').count()).toBe(4);
      expect(await checklist.getByText('Hakuna mtu anayetajwa kwa jina wala anayeweza kutambulika').count()).toBe(1);
      await expectAccessible(kiswahili);
      await kiswahili.context().close();
      await nctc.getByLabel('Return for correction').check();
      await nctc.getByRole('button', { name: 'Record the decision' }).click();
      expect(await nctc.locator('.error-summary a').allTextContents()).toEqual(['Give the reason you return it (at least 5 characters)']);
      await expectAccessible(nctc);
      await nctc.locator('#field-reason').fill('Name a lead for the fisheries cooperatives.');
      await nctc.getByRole('button', { name: 'Record the decision' }).click();
      expect(await nctc.locator('.notice h2').textContent()).toBe('It was returned with your reason');

      const officer = await signedIn('county', '/my-county/001');
      expect(await officer.getByRole('row', { name: /^2 / }).locator('td').allTextContents()).toEqual([
        '2',
        'Mombasa County Action Plan, second edition',
        expect.stringMatching(/^Returned for changesReturned by the NCTC on .+: Name a lead for the fisheries cooperatives\.$/),
      ]);
      await expectAccessible(officer);
      // The published version stays the public one.
      expect((await callApi(put.countyPlans!, 'GET', '/county-plans/001')).body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    });

    it('does not offer another county’s report form, nor the approvals queue to a partner', async () => {
      const kwale = await signedIn('county2');
      const refused = await kwale.goto(`${put.portal}/my-county/001/reports/${quarter}/edit`);
      expect(refused?.status()).toBe(403);
      expect(await h1(kwale)).toBe('You do not have access to this page');
      await expectAccessible(kwale);
      // The service itself refuses a Kwale officer's report on Mombasa (the portal only does not offer it).
      const attempt = await callApi(put.countyPlans!, 'POST', `/county-reports/001/${quarter}`, { token: await put.token('county2'), body: { actions: [], indicators: [] } });
      expect(attempt.status).toBe(403);

      const partner = await signedIn('partner');
      const queue = await partner.goto(`${put.portal}/county-review`);
      expect(queue?.status()).toBe(403);
      expect(await h1(partner)).toBe('You do not have access to this page');
      expect(await partner.getByRole('link', { name: 'County approvals' }).count()).toBe(0);
      await expectAccessible(partner);
    });
  });
