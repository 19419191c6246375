import { describeInBrowser, expectAccessible, expectLightFirstLoad, newPage, signInAs } from './browser';
import { embeddedPortal, type PortalUnderTest } from './portal-under-test';

jest.setTimeout(120_000);

const THIS_QUARTER = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
/** The quarter before this one: what the national roll-up shows without `?period=`. */
const LAST_QUARTER = ((index) => `${Math.floor(index / 4)}-Q${(index % 4) + 1}`)(new Date().getUTCFullYear() * 4 + Math.floor(new Date().getUTCMonth() / 3) - 1);

/** Each person's first page, on a small phone in Kiswahili: the page every journey starts from. */
const FIRST_PAGES: { user: string; path: string; heading: string }[] = [
  { user: 'newcomer', path: '/my-organisation', heading: 'Sajili shirika lako' },
  { user: 'partner', path: '/applications', heading: 'Maombi yangu' },
  { user: 'admin', path: '/verification', heading: 'Foleni ya uthibitishaji' },
  { user: 'admin', path: '/manage/calls', heading: 'Simamia miito ya mapendekezo' },
  { user: 'reviewer', path: '/reviews', heading: 'Tathmini zako' },
  { user: 'donor', path: '/recommendations', heading: 'Mapendekezo kwa shirika lako' },
  { user: 'auditor', path: '/history', heading: 'Historia ya maamuzi' },
  { user: 'partner', path: '/account', heading: 'Akaunti yako' },
  { user: 'county', path: '/my-county/001', heading: 'Kaunti ya Mombasa' },
  { user: 'county', path: `/my-county/001/reports/${THIS_QUARTER}/edit`, heading: `Ripoti ya maendeleo ya ${THIS_QUARTER}` },
  { user: 'secretariat', path: '/county-review', heading: 'Idhini za kaunti' },
  { user: 'partner', path: '/counties/001', heading: 'Mpango Kazi wa Kaunti ya Mombasa' },
  { user: 'partner', path: '/counties/rollup', heading: `Muhtasari wa kitaifa wa maendeleo ya kaunti, ${LAST_QUARTER}` },
];

const PHONE = { viewport: { width: 360, height: 640 }, locale: 'sw-KE', extraHTTPHeaders: { 'accept-language': 'sw-KE,sw;q=0.9' } };

describeInBrowser('every journey’s first page on a small phone, in Kiswahili', (browser) => {
  let portal: PortalUnderTest;
  beforeAll(async () => {
    portal = await embeddedPortal();
  });
  afterAll(async () => portal?.stop());

  it.each(FIRST_PAGES)('$user: $path loads within 100 KB on a first visit, in Kiswahili, with no accessibility violation', async ({ user, path, heading }) => {
    const page = await newPage(browser(), PHONE);
    await signInAs(page, portal.portal, user, path);
    expect(new URL(page.url()).pathname).toBe(path);
    expect(await page.getAttribute('html', 'lang')).toBe('sw');
    expect(await page.locator('h1').innerText()).toBe(heading);
    await expectLightFirstLoad(page);
    await expectAccessible(page);
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.context().close();
  });
});
