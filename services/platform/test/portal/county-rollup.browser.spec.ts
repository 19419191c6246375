import type { Page } from 'playwright-core';
import { aCountyReport, anNctcApproval, thisYear } from '@csm/testkit';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible, keepScreenshot, newPage } from './browser';
import { embeddedPortal, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(120_000);

const h1 = (page: Page) => page.locator('h1').textContent();
/** Each row of a table as its cells' texts. */
const cells = async (rows: ReturnType<Page['locator']>) => Promise.all((await rows.all()).map(async (row) => (await row.locator('th, td').allTextContents()).map((t) => t.trim())));
const Y = thisYear() - 2;
const Q1 = `${Y}-Q1`;
const Q2 = `${Y}-Q2`;
const NOTE = 'Behind the line: the circles started late in the quarter.';

/**
 * What the public sees of the counties' progress (issue 10): Mombasa's indicators against
 * baseline and target over two published quarters on its county page, and the national roll-up
 * of the first quarter — in English and in Kiswahili — with the sensitive action only counted
 * ("fewer than 3"). The demo data publishes Mombasa's plan; the reports go through the API.
 */
describeInBrowser('the public reads a county’s indicators over time and the national roll-up', (browser) => {
  let put: PortalUnderTest;
  beforeAll(async () => {
    put = await embeddedPortal();
    const step = async (user: string, method: string, path: string, body: unknown, status: number) => {
      const response = await callApi(put.countyPlans!, method, path, { token: await put.token(user), body });
      if (response.status !== status) throw new Error(`${user} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    const publish = async (period: string, report: unknown) => {
      const path = `/county-reports/001/${period}`;
      await step('county', 'POST', path, report, 201);
      await step('county', 'POST', `${path}/submit`, {}, 202);
      await step('secretariat', 'POST', `${path}/secretariat-decision`, { decision: 'approve' }, 202);
      await step('cochair', 'POST', `${path}/co-chairs-decision`, { decision: 'approve' }, 202);
      await step('admin', 'POST', `${path}/nctc-decision`, anNctcApproval(), 202);
    };
    await publish(
      Q1,
      aCountyReport({
        actions: [
          { actionId: 'mentorship-likoni', status: 'on-track' },
          { actionId: 'imam-pastor-forums', status: 'delayed', reason: 'The clerics’ council met late.' },
          { actionId: 'fisheries-cooperatives', status: 'not-started' },
        ],
        indicators: [
          { indicatorId: 'youth-mentored', value: 120, narrative: NOTE },
          { indicatorId: 'mentees-in-work', value: 10, narrative: NOTE },
          { indicatorId: 'forums-held', value: 1, narrative: NOTE },
          { indicatorId: 'cooperative-members', value: 0, narrative: NOTE },
        ],
      }),
    );
    await publish(Q2, aCountyReport());
  });
  afterAll(async () => put?.stop());

  it('shows Mombasa’s indicators against baseline and target, quarter by quarter, with a text alternative for the line', async () => {
    const page = await newPage(browser());
    await page.goto(`${put.portal}/counties/001`);
    expect(await h1(page)).toBe('Mombasa County Action Plan');
    expect(await page.locator('h2').allTextContents()).toContain('Indicators against baseline and target');
    const table = page.getByRole('table', { name: 'Young people completing mentorship (a count)' });
    expect(await table.locator('tr').allTextContents()).toEqual(['QuarterValue', 'Baseline0', `${Q1}120`, `${Q2}1600`, 'Target1600']);
    expect(await page.getByRole('table', { name: 'Forums held (a count)' }).locator('tr').allTextContents()).toEqual(['QuarterValue', 'Baseline0', `${Q1}1`, `${Q2}8`, 'Target8']);
    expect(await page.getByRole('img', { name: 'Young people completing mentorship: from 120 to 1600 over the reported quarters; target 1600' }).count()).toBe(1);
    expect(await page.getByText('Cooperative members', { exact: false }).count()).toBe(0);
    await expectAccessible(page);
    await keepScreenshot(page, `county-indicators-${put.name}`);
    await page.context().close();
  });

  it('shows the national roll-up of a quarter in tables with captions, the sensitive action as fewer than 3', async () => {
    const page = await newPage(browser());
    await page.goto(`${put.portal}/counties`);
    await page.getByRole('link', { name: 'See the national roll-up of the counties\' progress' }).click();
    expect(new URL(page.url()).pathname).toBe('/counties/rollup');
    await page.goto(`${put.portal}/counties/rollup?period=${Q1}`);
    expect(await h1(page)).toBe(`National roll-up of county progress, ${Q1}`);
    const pillars = page.getByRole('table', { name: `Actions in the counties' approved reports for ${Q1}, by pillar and status` });
    expect(await cells(pillars.locator('tr'))).toEqual([
      ['Pillar', 'Not started', 'On track', 'Delayed', 'Completed', 'Dropped', 'Sensitive actions', 'Counties'],
      ['Faith-based and ideological', '0', '0', '1', '0', '0', '0', '1'],
      ['Psychosocial', '0', '1', '0', '0', '0', 'fewer than 3', '1'],
    ]);
    const reporting = page.getByRole('table', { name: `Each county's report for ${Q1}` });
    expect(await reporting.locator('tbody tr').count()).toBe(47);
    expect(await reporting.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['001', 'Mombasa', 'Approved', 'Late']);
    expect(await reporting.locator('tbody tr').nth(1).locator('td').allTextContents()).toEqual(['002', 'Kwale', 'No published plan', '']);
    expect(await page.getByText('1 approved, 0 waiting for approval, 0 missing, 1 late', { exact: false }).count()).toBe(1);
    expect(await cells(page.getByRole('table', { name: `Indicators in the counties' approved reports for ${Q1}` }).locator('tbody tr'))).toEqual([
      ['Forums held (a count)', 'Total', '1', '1'],
      ['Mentees in work or training a year later (per cent)', 'Average', '10', '1'],
      ['Young people completing mentorship (a count)', 'Total', '120', '1'],
    ]);
    expect(await page.getByText('fisheries', { exact: false }).count()).toBe(0);
    await expectAccessible(page);
    await keepScreenshot(page, `county-rollup-${put.name}`);
    await page.context().close();
  });

  it('reads the roll-up in Kiswahili', async () => {
    const page = await newPage(browser(), { locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw-KE,sw;q=0.9' } });
    await page.goto(`${put.portal}/counties/rollup?period=${Q1}`);
    expect(await h1(page)).toBe(`Muhtasari wa kitaifa wa maendeleo ya kaunti, ${Q1}`);
    expect(await page.getByRole('table', { name: `Ripoti ya kila kaunti ya ${Q1}` }).locator('tbody tr').first().locator('td').allTextContents()).toEqual(['001', 'Mombasa', 'Imeidhinishwa', 'Imechelewa']);
    expect(await page.getByText('chini ya 3', { exact: true }).count()).toBe(1);
    await expectAccessible(page);
    await page.context().close();
  });
});
