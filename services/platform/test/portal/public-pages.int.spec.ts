import type { EmbeddedPlatform } from '../../src';
import { CONTENT_SECURITY_POLICY } from '@csm/portal';
import { ANSWER, CALL_ID, QUESTION, startSeededPlatform } from './seeded-platform';

jest.setTimeout(60_000);

let platform: EmbeddedPlatform;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ platform, stop } = await startSeededPlatform());
});
afterAll(async () => stop?.());

const page = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${platform.urls.portal}${path}`, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, html: await response.text() };
};

describe('the portal’s public pages', () => {
  it('serves the home page with a strict policy, no inline script and only our own htmx file', async () => {
    const home = await page('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    expect(home.html).toContain('NCTC');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect([...home.html.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="/assets/htmx.min.js" defer>']);
    expect(home.html).toMatch(/<script src="\/assets\/htmx.min.js" defer><\/script>/);
    const htmx = await fetch(`${platform.urls.portal}/assets/htmx.min.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(htmx.headers.get('content-encoding')).toBe('gzip');
  });

  it('lists the demo accounts on the embedded platform, so a newcomer can try each journey without reading anything', async () => {
    const home = await page('/');
    expect(home.html).toContain('Try the demonstration');
    for (const account of ['newcomer', 'partner', 'admin', 'reviewer', 'donor', 'auditor', 'county', 'secretariat']) expect(home.html).toContain(`<code>${account}</code>`);
    expect((await page('/', { 'accept-language': 'sw' })).html).toContain('Jaribu maonyesho');
  });

  it('answers in Kiswahili when the browser prefers it, and the switch’s cookie wins over the browser', async () => {
    expect((await page('/', { 'accept-language': 'sw-KE,en;q=0.5' })).html).toContain('<html lang="sw">');
    const switched = await page('/language/en?back=%2Fdirectory', { 'accept-language': 'sw-KE' });
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/directory');
    const cookie = switched.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^csm_lang=en;.*HttpOnly.*SameSite=Lax/);
    expect((await page('/directory', { 'accept-language': 'sw-KE', cookie: 'csm_lang=en' })).html).toContain('<html lang="en">');
  });

  it('never sends the switch back to another site', async () => {
    const switched = await page('/language/sw?back=%2F%2Fevil.example%2F');
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/');
  });

  it('filters the directory by county and shows a profile', async () => {
    const mombasa = await page('/directory?county=001');
    expect(mombasa.status).toBe(200);
    expect(mombasa.html).toContain('Amani Youth Initiative');
    expect(mombasa.html).not.toContain('href="/directory/kisumu-dialogue"');
    expect((await page('/directory')).html).toContain('href="/directory/kisumu-dialogue"');
    const profile = await page('/directory/amani-youth');
    expect(profile.status).toBe(200);
    expect(profile.html).toContain('<h1>Amani Youth Initiative</h1>');
  });

  it('turns the service’s refusal of an unknown filter into a message on the field', async () => {
    const refused = await page('/directory?pillar=%3Cscript%3E', { 'accept-language': 'en' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('There is a problem');
    expect(refused.html).toContain('<a href="#filter-pillar">Choose a pillar from the list.</a>');
    expect(refused.html).not.toContain('<script>');
  });

  it('escapes what people typed', async () => {
    const searched = await page('/directory?q=%3Cb%3Ebold%3C%2Fb%3E');
    expect(searched.status).toBe(200);
    expect(searched.html).toContain('value="&lt;b&gt;bold&lt;/b&gt;"');
  });

  it('shows an open call with its published clarifications', async () => {
    const calls = await page('/calls');
    expect(calls.status).toBe(200);
    expect(calls.html).toContain(`href="/calls/${CALL_ID}"`);
    const call = await page(`/calls/${CALL_ID}`);
    expect(call.status).toBe(200);
    expect(call.html).toContain(QUESTION);
    expect(call.html).toContain(ANSWER);
  });

  it('answers an unknown organisation or call with a 404 page', async () => {
    expect((await page('/directory/no-such-org')).status).toBe(404);
    expect((await page('/calls/no-such-call')).status).toBe(404);
  });
});
