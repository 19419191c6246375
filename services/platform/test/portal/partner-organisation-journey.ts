import type { Page } from 'playwright-core';
import { callApi } from '../../src';
import { describeInBrowser, expectAccessible as checkAccessible, keepScreenshot, newPage, signInAs } from './browser';
import type { PortalUnderTest } from './portal-under-test';

const ORG = 'garissa-women-peace';
const NAME = 'Garissa Women for Peace';
const MANDATE = 'We bring mothers, teachers and religious leaders together to keep young people in Garissa away from violent extremist recruitment.';
const AMENDED_MANDATE = `${MANDATE} Since 2024 we also train women mediators in Wajir.`;
const REQUEST = 'Please send the number of your current NGO Board certificate and name your board chair.';
const ANSWER = 'Certificate OP.218/051/19-0042/11871, renewed in 2024. Our board chair is Halima Abdi.';

/** What a summary list or table on the page says, row by row. */
const rowsOf = async (page: Page, selector: string): Promise<string[][]> => {
  const rows = await page.locator(selector).all();
  return Promise.all(rows.map(async (row) => (await row.locator(':scope > *').allTextContents()).map((text) => text.trim())));
};

/**
 * A partner registers their organisation in steps, answers the NCTC's request for information
 * and manages its members; a member without the right and another organisation are refused.
 * Written against PortalUnderTest so it runs on the embedded platform and on Keycloak; each run
 * starts its own platform, since an organisation registers once.
 */
export const partnerOrganisationJourney = (start: () => Promise<PortalUnderTest>, options: { javaScriptEnabled: boolean }): void => {
  const { javaScriptEnabled } = options;
  const mode = javaScriptEnabled ? '' : ' without JavaScript';
  // axe runs as script in the page: the run with script on checks these same pages.
  const expectAccessible = javaScriptEnabled ? checkAccessible : async () => undefined;

  describeInBrowser(`a partner registers and manages their organisation${mode}`, (browser) => {
    let platform: PortalUnderTest;
    beforeAll(async () => {
      platform = await start();
    }, 120_000);
    afterAll(async () => platform?.stop());

    const asAdmin = async (method: string, path: string, body?: unknown) =>
      callApi(platform.registration, method, path, { token: await platform.token('admin'), ...(body !== undefined ? { body } : {}) });

    const expectErrorSummary = async (page: Page, messages: string[]) => {
      expect(await page.locator('#error-summary h2').textContent()).toBe('There is a problem');
      expect(await page.locator('#error-summary li').allTextContents()).toEqual(messages);
      // The summary takes focus, so a screen reader reads it first and a keyboard starts there.
      expect(await page.locator('#error-summary:focus').count()).toBe(1);
    };

    it('registers an organisation in steps, is sent back to the answer the service refused, and submits it', async () => {
      const page = await newPage(browser(), { javaScriptEnabled });
      await signInAs(page, platform.portal, 'newcomer');
      await page.getByRole('link', { name: 'My organisation' }).click();
      expect(new URL(page.url()).pathname).toBe('/my-organisation');
      expect(await page.locator('h1').textContent()).toBe('Register your organisation');
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Start now' }).click();
      expect(await page.locator('h1').textContent()).toBe("Your organisation's name and type");
      expect(await page.locator('.meta').textContent()).toBe('Step 1 of 6');
      await expectAccessible(page);

      // Nothing entered: the page says what is missing, next to each field, and nothing is sent.
      const refused = page.waitForResponse((r) => r.url().endsWith('/my-organisation/register/name') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect((await refused).status()).toBe(400);
      await expectErrorSummary(page, ['Enter the name of your organisation, 2 to 200 characters', 'Choose the type of your organisation']);
      expect(await page.locator('#field-name-error').textContent()).toBe('There is a problem: Enter the name of your organisation, 2 to 200 characters');
      expect(await page.locator('#field-name').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-name').getAttribute('aria-describedby')).toBe('field-name-hint field-name-error');
      expect(await page.locator('#field-type-error').textContent()).toBe('There is a problem: Choose the type of your organisation');
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Enter the name of your organisation, 2 to 200 characters' }).click();
      expect(await page.locator('#field-name:focus').count()).toBe(1);
      expect((await asAdmin('GET', `/organizations/${ORG}`)).status).toBe(404);

      await page.getByLabel('Name of the organisation').fill(NAME);
      await page.getByLabel('Community-based organisation').check();
      await page.getByRole('button', { name: 'Continue' }).click();

      expect(await page.locator('h1').textContent()).toBe('How your organisation is registered');
      await expectAccessible(page);
      await page.getByLabel('Registered with').selectOption({ label: 'NGO Co-ordination Board' });
      await page.getByLabel('Registration number').fill('OP.218/051/19-0042/11871');
      await page.getByLabel('Date of registration').fill('2019-03-14');
      expect(await page.getByLabel('Country of registration').inputValue()).toBe('KE');
      await page.getByRole('button', { name: 'Continue' }).click();

      expect(await page.locator('h1').textContent()).toBe('What your organisation does');
      await expectAccessible(page);
      await page.getByLabel('Your mandate').fill(MANDATE);
      // Not a full address: the service refuses it at submission, and the person is sent back here.
      await page.getByLabel('Website (optional)').fill('garissa-women.example');
      await page.getByRole('button', { name: 'Continue' }).click();

      expect(await page.locator('h1').textContent()).toBe('Where does your organisation work?');
      await expectAccessible(page);
      await page.getByLabel('Garissa', { exact: true }).check();
      await page.getByLabel('Wajir', { exact: true }).check();
      await page.getByRole('button', { name: 'Continue' }).click();

      expect(await page.locator('h1').textContent()).toBe('Which NSCVE pillars does your work support?');
      await expectAccessible(page);
      await page.getByLabel('Psychosocial').check();
      await page.getByLabel('Education').check();
      await page.getByRole('button', { name: 'Continue' }).click();

      expect(await page.locator('h1').textContent()).toBe('Who should we contact?');
      await expectAccessible(page);
      await page.getByLabel('Full name').fill('Amina Hassan');
      await page.getByLabel('Their role in the organisation (optional)').fill('Programme coordinator');
      await page.getByLabel('Email address').fill('amina@garissa.example');
      await page.getByLabel('Phone number (optional)').fill('+254 712 345678');
      await page.getByRole('button', { name: 'Continue' }).click();

      expect(new URL(page.url()).pathname).toBe('/my-organisation/register/check');
      expect(await page.locator('h1').textContent()).toBe('Check your answers before submitting');
      await expectAccessible(page);
      const answers = [
        ['Name', NAME],
        ['Type of organisation', 'Community-based organisation'],
        ['Registered with', 'NGO Co-ordination Board'],
        ['Registration number', 'OP.218/051/19-0042/11871'],
        ['Date of registration', '14 March 2019'],
        ['Country of registration', 'KE'],
        ['Mandate', MANDATE],
        ['Website', 'garissa-women.example'],
        ['Counties', 'Garissa, Wajir'],
        ['NSCVE pillars', 'Psychosocial, Education'],
        ['Contact person', 'Amina Hassan'],
        ['Their role', 'Programme coordinator'],
        ['Email address', 'amina@garissa.example'],
        ['Phone number', '+254 712 345678'],
      ];
      expect(await rowsOf(page, '.check-answers > div')).toEqual(answers.map(([label, value]) => [label, value, `Change ${label}`]));

      // A change link goes to its step and comes back here.
      await page.getByRole('link', { name: 'Change Counties' }).click();
      expect(await page.locator('h1').textContent()).toBe('Where does your organisation work?');
      expect(await page.getByLabel('Wajir', { exact: true }).isChecked()).toBe(true);
      await page.getByLabel('Wajir', { exact: true }).uncheck();
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(new URL(page.url()).pathname).toBe('/my-organisation/register/check');
      expect(await page.locator('.check-answers > div').nth(8).locator('dd').first().textContent()).toBe('Garissa');

      // The service refuses the website: back to its step, the message next to it, nothing recorded.
      await page.getByRole('button', { name: 'Submit registration' }).click();
      expect(new URL(page.url()).pathname).toBe('/my-organisation/register/mandate');
      expect(await page.locator('h1').textContent()).toBe('What your organisation does');
      await expectErrorSummary(page, ['Enter the website address in full, starting with https://']);
      expect(await page.locator('#field-website-error').textContent()).toBe('There is a problem: Enter the website address in full, starting with https://');
      expect(await page.getByLabel('Website (optional)').inputValue()).toBe('garissa-women.example');
      await expectAccessible(page);
      expect((await asAdmin('GET', `/organizations/${ORG}`)).status).toBe(404);

      await page.getByLabel('Website (optional)').fill('https://garissa-women.example');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(new URL(page.url()).pathname).toBe('/my-organisation/register/check');
      const sameForm = { csrf: await page.locator('input[name=csrf]').last().inputValue(), submission: await page.locator('input[name=submission]').last().inputValue() };
      await page.getByRole('button', { name: 'Submit registration' }).click();

      expect(new URL(page.url()).pathname).toBe('/my-organisation/registered');
      expect(await page.locator('h1').textContent()).toBe('Registration submitted');
      expect(await page.locator('.panel p').textContent()).toBe(`${NAME} is waiting for verification by the NCTC Prevention Branch.`);
      expect(await page.locator('h2').textContent()).toBe('What happens next');
      await expectAccessible(page);

      const recorded = await asAdmin('GET', `/organizations/${ORG}`);
      expect(recorded.status).toBe(200);
      expect({ status: recorded.body.status, profile: recorded.body.profile, members: recorded.body.members.map((m: { username: string; role: string }) => [m.username, m.role]) }).toEqual({
        status: 'submitted',
        profile: {
          name: NAME,
          type: 'community-based',
          registration: { authority: 'ngo-board', number: 'OP.218/051/19-0042/11871', registeredOn: '2019-03-14', country: 'KE' },
          mandate: MANDATE,
          website: 'https://garissa-women.example',
          counties: ['007'],
          pillars: ['psychosocial', 'education'],
          contacts: [{ name: 'Amina Hassan', role: 'Programme coordinator', email: 'amina@garissa.example', phone: '+254 712 345678' }],
        },
        members: [['newcomer', 'admin']],
      });

      // The same form sent again (a double click) acts once: the person is shown their organisation.
      const again = await page.request.post(`${platform.portal}/my-organisation/register/check`, { form: sameForm, maxRedirects: 0 });
      expect([again.status(), again.headers().location]).toEqual([303, '/my-organisation']);
      const history = await callApi(platform.registration, 'GET', `/organizations/${ORG}/history`, { token: await platform.token('auditor') });
      expect((history.body.events as { type: string }[]).map((e) => e.type)).toEqual(['OrganizationRegistered', 'OrganizationSubmittedForVerification']);

      // The draft is gone with the submission: the form starts again empty.
      await page.goto(`${platform.portal}/my-organisation/register/check`);
      expect(new URL(page.url()).pathname).toBe('/my-organisation/register/name');
      expect(await page.getByLabel('Name of the organisation').inputValue()).toBe('');
      await page.context().close();
    });

    it('shows where the registration stands and answers the NCTC\u2019s request for information', async () => {
      const page = await newPage(browser(), { javaScriptEnabled });
      await signInAs(page, platform.portal, 'newcomer', '/my-organisation');
      expect(new URL(page.url()).pathname).toBe(`/my-organisation/${ORG}`);
      expect(await page.locator('h1').textContent()).toBe(NAME);
      expect(await page.locator('.status-line').textContent()).toBe('Status: Submitted');
      await expectAccessible(page);

      const requested = await asAdmin('POST', `/organizations/${ORG}/request-information`, { message: REQUEST });
      expect(requested.status).toBe(202);
      expect((await callApi(platform.registration, 'GET', `/organizations/${ORG}?minPosition=${requested.body.position}`, { token: await platform.token('admin') })).body.status).toBe(
        'information-requested',
      );
      await page.reload();
      expect(await page.locator('.status-line').textContent()).toBe('Status: Information requested');
      expect(await page.locator('h2').first().textContent()).toBe('What the NCTC asks');
      expect(await page.locator('blockquote').textContent()).toBe(REQUEST);
      await expectAccessible(page);

      // The request may ask for a correction: the registration opens as a draft to change and save.
      await page.getByRole('button', { name: 'Change your registration details' }).click();
      expect(new URL(page.url()).pathname).toBe('/my-organisation/register/check');
      expect(await page.locator('.check-answers > div').nth(0).locator('dd').first().textContent()).toBe(NAME);
      expect(await page.locator('h2').textContent()).toBe('Now save your changes');
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Change Mandate' }).click();
      expect(await page.getByLabel('Your mandate').inputValue()).toBe(MANDATE);
      await page.getByLabel('Your mandate').fill(AMENDED_MANDATE);
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await page.locator('.check-answers > div').nth(6).locator('dd').first().textContent()).toBe(AMENDED_MANDATE);
      await page.getByRole('button', { name: 'Save changes' }).click();
      expect(new URL(page.url()).pathname).toBe(`/my-organisation/${ORG}`);
      expect(await page.locator('.status-line').textContent()).toBe('Status: Information requested');
      expect(await page.locator('.summary-list dd.prose').textContent()).toBe(AMENDED_MANDATE);
      const amended = (await asAdmin('GET', `/organizations/${ORG}`)).body;
      expect([amended.status, amended.profile.mandate, amended.profile.website]).toEqual(['information-requested', AMENDED_MANDATE, 'https://garissa-women.example']);

      await page.getByLabel('Your answer').fill(ANSWER);
      await page.getByRole('button', { name: 'Send your answer' }).click();
      expect(new URL(page.url()).pathname).toBe(`/my-organisation/${ORG}`);
      expect(await page.locator('.status-line').textContent()).toBe('Status: Submitted');
      expect(await page.locator('blockquote').count()).toBe(0);
      await expectAccessible(page);

      expect((await asAdmin('GET', `/organizations/${ORG}`)).body.status).toBe('submitted');
      const history = await callApi(platform.registration, 'GET', `/organizations/${ORG}/history`, { token: await platform.token('auditor') });
      expect(history.status).toBe(200);
      const events = history.body.events as { type: string; data: Record<string, unknown> }[];
      expect(events.filter((e) => e.type === 'OrganizationResubmitted').map((e) => e.data.response)).toEqual([ANSWER]);
      await page.context().close();
    });

    it('lists, adds and removes members of the organisation', async () => {
      const page = await newPage(browser(), { javaScriptEnabled });
      await signInAs(page, platform.portal, 'newcomer', `/my-organisation/${ORG}`);
      await page.getByRole('link', { name: 'Manage members' }).click();
      expect(await page.locator('h1').textContent()).toBe(`Members of ${NAME}`);
      expect(await rowsOf(page, 'table tbody tr')).toEqual([['newcomer', 'Administrator', 'Remove newcomer']]);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Add a member' }).click();
      expect(await page.locator('h1').textContent()).toBe('Add a member');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Add member' }).click();
      await expectErrorSummary(page, ['Enter the username of the person to add', 'Choose whether they are an administrator or a member']);
      await expectAccessible(page);
      // A username the service does not accept: its refusal next to the field, nothing added.
      await page.getByLabel('Their username').fill('amina hassan');
      await page.getByLabel('Member', { exact: true }).check();
      await page.getByRole('button', { name: 'Add member' }).click();
      await expectErrorSummary(page, ['Enter a username of 2 to 100 letters, digits and . _ @ -']);
      expect((await asAdmin('GET', `/organizations/${ORG}`)).body.members.length).toBe(1);

      await page.getByLabel('Their username').fill('amina.hassan');
      await page.getByRole('button', { name: 'Add member' }).click();
      expect(new URL(page.url()).pathname).toBe(`/my-organisation/${ORG}/members`);
      expect(await rowsOf(page, 'table tbody tr')).toEqual([
        ['newcomer', 'Administrator', 'Remove newcomer'],
        ['amina.hassan', 'Member', 'Remove amina.hassan'],
      ]);
      const members = (await asAdmin('GET', `/organizations/${ORG}`)).body.members.map((m: { username: string; role: string }) => [m.username, m.role]);
      expect(members).toEqual([
        ['newcomer', 'admin'],
        ['amina.hassan', 'member'],
      ]);

      // The last administrator stays: the service says so on the confirmation page.
      await page.getByRole('link', { name: 'Remove newcomer' }).click();
      await page.getByRole('button', { name: 'Remove member' }).click();
      await expectErrorSummary(page, ['You cannot remove the last administrator. Make someone else an administrator first.']);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Cancel' }).click();

      await page.getByRole('link', { name: 'Remove amina.hassan' }).click();
      expect(await page.locator('h1').textContent()).toBe('Remove amina.hassan?');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Remove member' }).click();
      expect(new URL(page.url()).pathname).toBe(`/my-organisation/${ORG}/members`);
      expect(await rowsOf(page, 'table tbody tr')).toEqual([['newcomer', 'Administrator', 'Remove newcomer']]);
      expect((await asAdmin('GET', `/organizations/${ORG}`)).body.members.map((m: { username: string }) => m.username)).toEqual(['newcomer']);
      await expectAccessible(page);
      await keepScreenshot(page, `partner-manages-organisation-${platform.name}${javaScriptEnabled ? '' : '-without-javascript'}`);
      await page.context().close();
    });

    it('tells a member who is not an administrator that only administrators manage members', async () => {
      const page = await newPage(browser(), { javaScriptEnabled });
      await signInAs(page, platform.portal, 'partner-member', '/my-organisation/amani-youth/members/add');
      await page.getByLabel('Their username').fill('juma.otieno');
      await page.getByLabel('Administrator').check();
      const refused = page.waitForResponse((r) => r.url().endsWith('/members/add') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Add member' }).click();
      expect((await refused).status()).toBe(403);
      await expectErrorSummary(page, ["Only your organisation's administrators can add or remove members."]);
      await expectAccessible(page);
      const members = (await asAdmin('GET', '/organizations/amani-youth')).body.members.map((m: { username: string }) => m.username);
      expect(members).toEqual(['partner', 'partner-member']);
      await page.context().close();
    });

    it('refuses another organisation\u2019s members page and its forms, and pages for partners to other roles', async () => {
      const page = await newPage(browser(), { javaScriptEnabled });
      await signInAs(page, platform.portal, 'partner2', '/my-organisation/pwani-peace/members/add');
      const csrf = await page.locator('input[name=csrf]').first().inputValue();

      const seen = await page.goto(`${platform.portal}/my-organisation/amani-youth/members`);
      expect(seen?.status()).toBe(403);
      expect(await page.locator('h1').textContent()).toBe('You do not have access to this page');
      await expectAccessible(page);

      // The form of its own page, aimed at another organisation: the service refuses it.
      const acted = await page.request.post(`${platform.portal}/my-organisation/amani-youth/members/add`, {
        form: { csrf, submission: 'partner2-tries-amani-01', username: 'partner2', role: 'admin' },
        maxRedirects: 0,
      });
      expect(acted.status()).toBe(403);
      expect(await acted.text()).toContain('You do not have access to this page');
      const members = (await asAdmin('GET', '/organizations/amani-youth')).body.members.map((m: { username: string }) => m.username);
      expect(members).toEqual(['partner', 'partner-member']);
      await page.context().close();

      const admin = await newPage(browser(), { javaScriptEnabled });
      await signInAs(admin, platform.portal, 'admin');
      expect(await admin.getByRole('link', { name: 'My organisation' }).count()).toBe(0);
      const notPartner = await admin.goto(`${platform.portal}/my-organisation`);
      expect(notPartner?.status()).toBe(403);
      expect(await admin.locator('h1').textContent()).toBe('You do not have access to this page');
      await admin.context().close();
    });
  });
};
