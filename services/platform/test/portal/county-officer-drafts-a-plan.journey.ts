import type { Page } from 'playwright-core';
import { aCountyReport, anNctcApproval } from '@csm/testkit';
import { SENSITIVITY_ITEMS } from './county-reports-progress.journey';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage, signInAs } from './browser';
import type { PortalUnderTest } from './portal-under-test';

const h1 = (page: Page) => page.locator('h1').textContent();
const period = (now = new Date()) => `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
const thisYear = new Date().getUTCFullYear();

const NEW_TITLE = 'Mombasa County Action Plan, 2026 revision';
const PRIORITY = 'Safe schools for pupils of affected families';
const SENSITIVE = 'Counselling for pupils of returnee families';
const INDICATOR = 'Pupils counselled';
const CORRECTION = 'The forum count was wrong: the minutes show two forums.';
const CORRECTED = 'Corrected: the interfaith forum met twice, as the minutes say.';

/**
 * A county officer's plan and report work in the portal (issue 10): Mombasa's officer revises
 * the published plan an item at a time — the plan's title, two pillars removed, a pillar added
 * with a priority, a sensitive action and its indicator (a field error shown and fixed, nothing
 * recorded meanwhile; a submission of the incomplete plan refused; a change someone else made
 * meanwhile explained as a conflict) — checks and sends it; the secretariat endorses and the NCTC
 * approves it in their pages; the public county page shows it without the sensitive action. A
 * published quarterly report is corrected through the portal and published again. Refusals:
 * Kwale's officer and a partner are not allowed on Mombasa's plan pages. Axe on every page, in
 * English, and one pass in Kiswahili.
 */
export const countyOfficerDraftsAPlan = (start: () => Promise<PortalUnderTest>): void =>
  describeInBrowser('a county officer drafts, submits and sees the plan published; corrects a published report', (browser) => {
    let put: PortalUnderTest;
    const quarter = period();
    beforeAll(async () => {
      put = await start();
    });
    afterAll(async () => put?.stop());

    const api = async (user: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      callApi(put.countyPlans!, method, path, { token: await put.token(user), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
    const version2 = async (minPosition?: string) => (await api('county', 'GET', `/county-plans/001/versions/2${minPosition ? `?minPosition=${minPosition}` : ''}`)).body;
    const signedIn = async (username: string, back = '/', options = {}) => {
      const page = await newPage(browser(), options);
      await signInAs(page, put.portal, username, back);
      return page;
    };
    const save = async (page: Page) => {
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      expect(await page.locator('.notice[role=status]').textContent()).toContain('Your change was saved.');
    };

    it('corrects a published report through the portal, and it is published again', async () => {
      // A report of this quarter, approved at the three levels (the report journey shows those pages).
      const q = Number(quarter.slice(-1));
      const due = new Set(['youth-mentored', 'forums-held', ...(q % 2 === 0 ? ['cooperative-members'] : []), ...(q === 4 ? ['mentees-in-work'] : [])]);
      const report = aCountyReport();
      const path = `/county-reports/001/${quarter}`;
      expect((await api('county', 'POST', path, { ...report, indicators: report.indicators.filter((i) => due.has(i.indicatorId)) })).status).toBe(201);
      expect((await api('county', 'POST', `${path}/submit`, {})).status).toBe(202);
      let position = '0';
      for (const [user, decision] of [['secretariat', 'secretariat-decision'], ['cochair', 'co-chairs-decision'], ['admin', 'nctc-decision']] as const) {
        const approved = await api(user, 'POST', `${path}/${decision}`, user === 'admin' ? anNctcApproval() : { decision: 'approve' });
        expect(approved.status).toBe(202);
        position = approved.body.position;
      }
      // Read-your-writes before the browser reads it (on the bus the read models follow a little later).
      expect((await api('county', 'GET', `${path}?minPosition=${position}`)).body.status).toBe('published');

      const officer = await signedIn('county', `/my-county/001/reports/${quarter}`);
      expect(await h1(officer)).toBe(`Progress report for ${quarter}`);
      await expectAccessible(officer);
      await officer.getByRole('link', { name: 'Correct this report' }).click();
      expect(await h1(officer)).toBe(`Correct the report for ${quarter}`);
      await expectAccessible(officer);
      // No reason: the service's field error at the field, the report still published.
      await officer.getByRole('button', { name: 'Start the correction' }).click();
      expect(await officer.locator('.error-summary a').allTextContents()).toEqual(['Say why the report needs correcting (at least 5 characters)']);
      expect(await officer.locator('.error-summary a').getAttribute('href')).toBe('#field-reason');
      expect(await officer.locator('#field-reason').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(officer);
      expect((await api('county', 'GET', path)).body).toMatchObject({ status: 'published', revision: 1 });

      await officer.locator('#field-reason').fill(CORRECTION);
      await officer.getByRole('button', { name: 'Start the correction' }).click();
      expect(await h1(officer)).toBe(`Progress report for ${quarter}`);
      expect(await officer.locator('#field-summary').inputValue()).toBe(report.summary);
      await officer.locator('#field-summary').fill(CORRECTED);
      await officer.getByRole('button', { name: 'Save and continue' }).click();
      expect(await h1(officer)).toBe(`Check your report for ${quarter}`);
      await officer.getByRole('button', { name: 'Send for approval' }).click();
      expect(await officer.locator('.meta .tag').first().textContent()).toBe('Waiting for the county secretariat');
      await expectAccessible(officer);
      // The published revision stays public meanwhile.
      expect((await callApi(put.countyPlans!, 'GET', path)).body.report.summary).toBe(report.summary);

      // The reviewers' queue takes the correction like any report.
      const secretariat = await signedIn('secretariat', '/county-review');
      await secretariat.getByRole('link', { name: `Mombasa, ${quarter}` }).click();
      await secretariat.getByLabel('Approve and send to the county co-chairs').check();
      await secretariat.getByRole('button', { name: 'Record the decision' }).click();
      expect(await secretariat.locator('.notice h2').textContent()).toBe('Your approval was recorded');
      for (const [user, decision] of [['cochair', 'co-chairs-decision'], ['admin', 'nctc-decision']] as const) {
        const approved = await api(user, 'POST', `${path}/${decision}`, user === 'admin' ? anNctcApproval() : { decision: 'approve' });
        expect(approved.status).toBe(202);
        position = approved.body.position;
      }
      expect((await callApi(put.countyPlans!, 'GET', `${path}?minPosition=${position}`)).body).toMatchObject({ revision: 2, report: { summary: CORRECTED } });
    });

    it('revises the plan an item at a time, submits it; the secretariat endorses, the NCTC publishes it without the sensitive action', async () => {
      const officer = await signedIn('county');
      await officer.getByRole('link', { name: 'My county', exact: true }).click();
      expect(await h1(officer)).toBe('Mombasa County');
      await officer.getByRole('button', { name: 'Revise the published plan' }).click();
      expect(await h1(officer)).toBe('Mombasa action plan, version 2');
      expect(await officer.locator('.meta .tag').textContent()).toBe('Draft');
      await expectAccessible(officer);
      // The revision starts from the published content.
      expect((await version2()).plan.pillars.map((p: { pillarId: string }) => p.pillarId)).toEqual(['psychosocial', 'faith-based-ideological', 'county-blue-economy']);

      await officer.getByRole('link', { name: 'Change the plan’s title, pillar list or timeframe' }).click();
      expect(await h1(officer)).toBe('The plan’s title, pillars and timeframe');
      await expectAccessible(officer);
      await officer.locator('#field-title').fill(NEW_TITLE);
      await save(officer);

      await officer.getByRole('button', { name: 'Remove the pillar Faith-based and ideological' }).click();
      await officer.getByRole('button', { name: 'Remove the pillar Blue economy livelihoods' }).click();
      expect(await officer.locator('h2', { hasText: /^Pillar: / }).allTextContents()).toEqual(['Pillar: Psychosocial']);

      await officer.getByRole('link', { name: 'Add a pillar', exact: true }).click();
      expect(await h1(officer)).toBe('Add a pillar');
      await expectAccessible(officer);
      await officer.locator('#field-pillarId').selectOption('education');
      await save(officer);
      await officer.getByRole('link', { name: 'Add a priority to the pillar Education' }).click();
      expect(await officer.locator('.lead').textContent()).toBe('Pillar: Education');
      await expectAccessible(officer);
      await officer.locator('#field-title').fill(PRIORITY);
      await save(officer);
      await officer.getByRole('link', { name: `Add an action to ${PRIORITY}` }).click();
      expect(await h1(officer)).toBe('Add an action');
      await expectAccessible(officer);
      await officer.locator('#field-title').fill(SENSITIVE);
      await officer.locator('#field-lead').selectOption({ label: 'Amani Youth Initiative' });
      await officer.locator('#field-otherPartners').fill('County Department of Education');
      await officer.locator('#field-from').fill(`${thisYear}-Q1`);
      await officer.locator('#field-to').fill(`${thisYear}-Q4`);
      await officer.locator('#field-budgetKes').fill('2,400,000');
      await officer.getByLabel('Sensitive work: never publish this action').check();
      await save(officer);
      expect(await officer.locator('h4', { hasText: SENSITIVE }).textContent()).toBe(`${SENSITIVE} Sensitive: never published`);
      expect(await officer.getByText('Not complete: this action has no indicator yet.').count()).toBe(1);

      // Submitting the incomplete plan: refused, said in our words; still a draft.
      await officer.getByRole('link', { name: 'Check the plan and send it' }).click();
      expect(await h1(officer)).toBe('Check the plan, version 2');
      await officer.getByRole('button', { name: 'Send for review' }).click();
      expect(await officer.locator('#refusal p').textContent()).toMatch(/^The plan is not complete: every pillar needs a priority/);
      await expectAccessible(officer);
      expect((await version2()).status).toBe('draft');

      // A target that is not a percentage: the service's field error at the field, nothing recorded.
      await officer.getByRole('link', { name: 'Back to the plan' }).click();
      await officer.getByRole('link', { name: `Add an indicator to ${SENSITIVE}` }).click();
      expect(await officer.locator('.lead').textContent()).toBe(`An indicator of the action “${SENSITIVE}”`);
      await officer.locator('#field-name').fill(INDICATOR);
      await officer.locator('#field-unit').selectOption('percent');
      await officer.locator('#field-baseline').fill('0');
      await officer.locator('#field-target').fill('150');
      const before = await version2();
      await officer.getByRole('button', { name: 'Save', exact: true }).click();
      expect(await officer.locator('.error-summary a').allTextContents()).toEqual([
        'Give the target as a value of the unit: per cent from 0 to 100, counts and shillings as whole numbers, yes-no as 1 or 0',
      ]);
      expect(await officer.locator('.error-summary a').getAttribute('href')).toBe('#field-target');
      await keepScreenshot(officer, `county-officer-plan-indicator-error-${put.name}`);
      expect(await officer.locator('#field-target').getAttribute('aria-invalid')).toBe('true');
      expect(await officer.locator('#field-name').inputValue()).toBe(INDICATOR);
      await expectAccessible(officer);
      expect(await version2()).toEqual(before);
      await officer.locator('#field-unit').selectOption('count');
      await save(officer);
      expect(await officer.getByText(`${INDICATOR}: baseline 0, target 150 (a count, every quarter)`).count()).toBe(1);

      // Someone else changes the plan while a form is open: the form's save is refused and explained.
      await officer.getByRole('link', { name: `Change the priority ${PRIORITY}` }).click();
      const current = await api('county', 'GET', '/county-plans/001');
      const elsewhere = await api('county', 'PUT', '/county-plans/001/versions/2', (await version2()).plan, { 'if-match': current.headers.get('etag')! });
      expect(elsewhere.status).toBe(202);
      const untouched = await version2(elsewhere.body.position);
      await officer.locator('#field-title').fill('A priority nobody saves');
      const refused = officer.waitForResponse((r) => r.request().method() === 'POST');
      await officer.getByRole('button', { name: 'Save', exact: true }).click();
      expect((await refused).status()).toBe(409);
      expect(await h1(officer)).toBe('The plan changed since you opened this page');
      await expectAccessible(officer);
      expect(await version2()).toEqual(untouched);
      await officer.getByRole('link', { name: 'Open the plan as it is now' }).click();
      expect(await h1(officer)).toBe('Mombasa action plan, version 2');

      // One pass in Kiswahili: the overview, an item's form, the check page.
      const kiswahili = await signedIn('county', '/my-county/001/plan', { locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw' } });
      expect(await h1(kiswahili)).toBe('Mpango wa utekelezaji wa Mombasa, toleo la 2');
      await expectAccessible(kiswahili);
      await kiswahili.getByRole('link', { name: `Badilisha hatua ${SENSITIVE}` }).click();
      expect(await h1(kiswahili)).toBe('Badilisha hatua');
      expect(await kiswahili.locator('#field-budgetKes').inputValue()).toBe('2400000');
      expect(await kiswahili.locator('#field-sensitive').isChecked()).toBe(true);
      await expectAccessible(kiswahili);
      await kiswahili.goto(`${put.portal}/my-county/001/plan/check`);
      expect(await h1(kiswahili)).toBe('Kagua mpango, toleo la 2');
      await expectAccessible(kiswahili);

      await keepScreenshot(officer, `county-officer-plan-overview-${put.name}`);
      await officer.getByRole('link', { name: 'Check the plan and send it' }).click();
      expect(await officer.locator('h2', { hasText: /^Pillar: / }).allTextContents()).toEqual(['Pillar: Psychosocial', 'Pillar: Education']);
      await expectAccessible(officer);
      await officer.getByRole('button', { name: 'Send for review' }).click();
      expect(await officer.locator('.notice h2').textContent()).toBe('Plan sent for review');
      expect(await officer.locator('.meta .tag').textContent()).toBe('With the county secretariat');
      expect(await officer.getByRole('link', { name: 'Add a pillar', exact: true }).count()).toBe(0);
      await expectAccessible(officer);
      const submitted = await version2();
      expect({ status: submitted.status, title: submitted.plan.title, pillars: submitted.plan.pillars.length }).toEqual({ status: 'submitted', title: NEW_TITLE, pillars: 2 });
      const action = submitted.plan.pillars[1].priorities[0].actions[0];
      expect(action).toEqual({
        id: 'counselling-for-pupils-of-returnee-families',
        title: SENSITIVE,
        lead: { name: 'Amani Youth Initiative', organizationId: 'amani-youth' },
        partners: [{ name: 'County Department of Education' }],
        timeframe: { from: `${thisYear}-Q1`, to: `${thisYear}-Q4` },
        budgetKes: 2_400_000,
        sensitive: true,
        indicators: [{ id: 'pupils-counselled', name: INDICATOR, unit: 'count', baseline: 0, target: 150, frequency: 'quarterly' }],
      });

      // The reviewers' existing pages.
      const secretariat = await signedIn('secretariat', '/county-review/plans/001/2');
      expect(await h1(secretariat)).toBe('Mombasa action plan, version 2');
      await secretariat.getByLabel('Endorse and send to the NCTC').check();
      await secretariat.getByRole('button', { name: 'Record the decision' }).click();
      expect(await secretariat.locator('.notice h2').textContent()).toBe('Your approval was recorded');
      const nctc = await signedIn('admin', '/county-review/plans/001/2');
      await nctc.getByLabel('Approve and publish').check();
      for (const item of SENSITIVITY_ITEMS) await nctc.getByLabel(item).check();
      await nctc.getByRole('button', { name: 'Record the decision' }).click();
      expect(await nctc.locator('.notice h2').textContent()).toBe('Your approval was recorded');
      expect((await version2()).status).toBe('published');

      // The public county page: the revised plan, not the sensitive action nor its indicator.
      const visitor = await newPage(browser());
      await visitor.goto(`${put.portal}/counties/001`);
      expect(await h1(visitor)).toBe('Mombasa County Action Plan');
      expect(await visitor.getByText(NEW_TITLE).count()).toBeGreaterThan(0);
      expect(await visitor.getByRole('table', { name: 'Peer mentorship circles in Likoni and Kisauni', exact: true }).count()).toBe(1);
      for (const hidden of [SENSITIVE, INDICATOR, PRIORITY]) expect(await visitor.getByText(hidden, { exact: false }).count()).toBe(0);
      await expectAccessible(visitor);
      await keepScreenshot(visitor, `county-officer-drafts-a-plan-${put.name}`);
    });

    it('starts a county’s first plan from a blank page (Kwale): the details first, their field errors in the form’s order', async () => {
      const kwale = await signedIn('county2');
      await kwale.getByRole('link', { name: 'My county', exact: true }).click();
      expect(await h1(kwale)).toBe('Kwale County');
      await kwale.getByRole('link', { name: 'Start the county’s plan' }).click();
      expect(await h1(kwale)).toBe('Start the county’s plan');
      await expectAccessible(kwale);
      await kwale.locator('#field-title').fill('Kwa');
      await kwale.locator('#field-to').fill(`${thisYear + 3}-Q4`);
      await kwale.getByRole('button', { name: 'Save', exact: true }).click();
      expect(await kwale.locator('.error-summary a').allTextContents()).toEqual([
        'Give the plan a title (5 to 300 characters)',
        'Choose the pillars the plan is written against (the plan’s pillars must be among them)',
        'Give the first quarter as year and quarter, for example 2026-Q1',
      ]);
      expect(await kwale.locator('#field-to').inputValue()).toBe(`${thisYear + 3}-Q4`);
      await expectAccessible(kwale);
      expect((await callApi(put.countyPlans!, 'GET', '/county-plans/002', { token: await put.token('county2') })).status).toBe(404);

      await kwale.locator('#field-title').fill('Kwale County Action Plan on Preventing Violent Extremism');
      await kwale.locator('#field-taxonomy').selectOption('nscve-2016');
      await kwale.locator('#field-from').fill(`${thisYear}-Q1`);
      await save(kwale);
      expect(await h1(kwale)).toBe('Kwale action plan, version 1');
      expect(await kwale.getByText('The plan has no pillar yet.').count()).toBe(1);
      await expectAccessible(kwale);

      // A pillar of the county's own, counted under a national one, then used as one of the plan's pillars.
      await kwale.getByRole('link', { name: 'Add a pillar of the county’s own' }).click();
      expect(await h1(kwale)).toBe('Add a pillar of the county’s own');
      await expectAccessible(kwale);
      await kwale.locator('#field-name').fill('Mining communities');
      await kwale.locator('#field-mapsTo').selectOption('psychosocial');
      await save(kwale);
      expect(await kwale.getByText('Mining communities, counted under Psychosocial nationally').count()).toBe(1);
      await kwale.getByRole('link', { name: 'Add a pillar', exact: true }).click();
      await kwale.locator('#field-pillarId').selectOption({ label: 'Mining communities' });
      await save(kwale);
      expect(await kwale.locator('h2', { hasText: /^Pillar: / }).allTextContents()).toEqual(['Pillar: Mining communities']);
      expect(await kwale.getByText('Not complete: this pillar has no priority yet.').count()).toBe(1);
      await expectAccessible(kwale);
      await keepScreenshot(kwale, `county-officer-starts-a-plan-${put.name}`);
      const drafted = (await api('county2', 'GET', '/county-plans/002/versions/1')).body;
      expect({ status: drafted.status, plan: drafted.plan }).toEqual({
        status: 'draft',
        plan: {
          title: 'Kwale County Action Plan on Preventing Violent Extremism',
          taxonomy: 'nscve-2016',
          countyPillars: [{ id: 'county-mining-communities', name: 'Mining communities', mapsTo: 'psychosocial' }],
          timeframe: { from: `${thisYear}-Q1`, to: `${thisYear + 3}-Q4` },
          pillars: [{ pillarId: 'county-mining-communities', priorities: [] }],
        },
      });
    });

    it('does not let another county’s officer nor a partner on Mombasa’s plan pages', async () => {
      const kwale = await signedIn('county2');
      for (const path of ['/my-county/001/plan', '/my-county/001/plan/details', '/my-county/001/plan/pillars/new']) {
        const refused = await kwale.goto(`${put.portal}${path}`);
        expect(refused?.status()).toBe(403);
        expect(await h1(kwale)).toBe('You do not have access to this page');
      }
      await expectAccessible(kwale);
      // The service itself refuses a Kwale officer's version of Mombasa's plan, and nothing changes.
      const before = await callApi(put.countyPlans!, 'GET', '/county-plans/001');
      const attempt = await api('county2', 'POST', '/county-plans/001/versions', (await version2()).plan);
      expect({ status: attempt.status, type: attempt.body.type }).toEqual({ status: 403, type: 'https://csm.go.ke/problems/forbidden' });
      expect((await callApi(put.countyPlans!, 'GET', '/county-plans/001')).body).toEqual(before.body);

      const partner = await signedIn('partner');
      const refused = await partner.goto(`${put.portal}/my-county/001/plan`);
      expect(refused?.status()).toBe(403);
      expect(await h1(partner)).toBe('You do not have access to this page');
      await expectAccessible(partner);
    });
  });
