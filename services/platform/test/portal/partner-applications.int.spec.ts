import { callApi, passwordToken, type EmbeddedPlatform } from '../../src';
import { startSeededPlatform } from './seeded-platform';

jest.setTimeout(60_000);

let platform: EmbeddedPlatform;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ platform, stop } = await startSeededPlatform());
});
afterAll(async () => stop?.());

const portal = (path: string, init: { cookie?: string; method?: string; form?: URLSearchParams; language?: string } = {}) =>
  fetch(`${platform.urls.portal}${path}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: {
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      'accept-language': init.language ?? 'en',
    },
    ...(init.form ? { body: init.form.toString() } : {}),
  });

/** Signs in over plain HTTP the way a browser does: the portal, the issuer's form, the callback. */
const signedInCookie = async (username: string): Promise<string> => {
  const started = await portal('/signin?back=%2Fapplications');
  const cookie = started.headers.get('set-cookie')!.split(';')[0]!;
  const authorize = new URL(started.headers.get('location')!);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('username', username);
  form.set('password', 'demo-password');
  const loggedIn = await fetch(`${authorize.origin}${authorize.pathname}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const callback = new URL(loggedIn.headers.get('location')!);
  const back = await portal(`${callback.pathname}${callback.search}`, { cookie });
  expect(back.headers.get('location')).toBe('/applications');
  return (back.headers.get('set-cookie') ?? cookie).split(';')[0]!;
};

const hiddenField = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!;

const amaniSolutions = async (): Promise<number> =>
  (await callApi(platform.urls.proposals, 'GET', '/solutions', { token: await passwordToken(platform.urls.issuer, 'partner') })).body.items.length;

describe('a partner’s applications over HTTP', () => {
  it('sends a signed-out person to sign in first, and back', async () => {
    const response = await portal('/applications');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin?back=%2Fapplications');
  });

  it('presents a solution once however often the same form is sent', async () => {
    const cookie = await signedInCookie('partner');
    const page = await (await portal('/applications/solutions/new', { cookie })).text();
    const form = new URLSearchParams({
      csrf: hiddenField(page, 'csrf'),
      submission: hiddenField(page, 'submission'),
      solutionId: hiddenField(page, 'solutionId'),
      title: 'Radio dramas on the coast',
      description: 'Weekly radio dramas in Kiswahili and Mijikenda on how recruiters work, with a helpline for worried parents.',
      currency: 'KES',
      amount: '800000',
    });
    form.append('counties', '001');
    form.append('counties', '003');
    form.append('pillars', 'media-online');
    const before = await amaniSolutions();
    const first = await portal('/applications/solutions/new', { cookie, method: 'POST', form });
    const second = await portal('/applications/solutions/new', { cookie, method: 'POST', form });
    const sent = `/applications/solutions/amani-youth/${form.get('solutionId')}/sent`;
    expect([first.status, first.headers.get('location'), second.status, second.headers.get('location')]).toEqual([303, sent, 303, sent]);
    expect(await amaniSolutions()).toBe(before + 1);
    const confirmation = await portal(sent, { cookie, language: 'sw' });
    expect(confirmation.status).toBe(200);
    expect(await confirmation.text()).toContain('<h1>Suluhisho limewasilishwa</h1>');
  });

  it('refuses a form posted without the session’s CSRF token, and presents nothing', async () => {
    const cookie = await signedInCookie('partner');
    const before = await amaniSolutions();
    const form = new URLSearchParams({ csrf: 'guessed', solutionId: 'solution-forged', title: 'Forged solution', description: 'x'.repeat(60), currency: 'KES', amount: '1000', counties: '001', pillars: 'education' });
    const refused = await portal('/applications/solutions/new', { cookie, method: 'POST', form });
    expect(refused.status).toBe(403);
    expect(await amaniSolutions()).toBe(before);
  });

  it('lists the applications in Kiswahili', async () => {
    const cookie = await signedInCookie('partner');
    const page = await portal('/applications', { cookie, language: 'sw' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Maombi yangu</h1>');
    expect(html).toContain('<strong class="tag">Muhtasari wa dhana umetumwa</strong>');
  });

  it('does not let a partner of another organisation appeal for Amani: the service refuses and the page says so', async () => {
    const cookie = await signedInCookie('partner2');
    const page = await (await portal('/applications', { cookie })).text();
    const form = new URLSearchParams({ csrf: hiddenField(page, 'csrf'), submission: 'pwani-tries', grounds: 'We appeal on behalf of Amani, who did not ask us to.' });
    const refused = await portal('/applications/proposals/coastal-youth-resilience/amani-youth/appeal', { cookie, method: 'POST', form });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<h1>You do not have access to this page</h1>');
    const admin = await passwordToken(platform.urls.issuer, 'admin');
    const amani = await callApi(platform.urls.proposals, 'GET', '/proposals/coastal-youth-resilience/amani-youth', { token: admin });
    expect(amani.body.appeal).toBeUndefined();
  });
});
