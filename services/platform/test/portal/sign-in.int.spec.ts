import type { EmbeddedPlatform } from '../../src';
import { startSeededPlatform } from './seeded-platform';

jest.setTimeout(60_000);

let platform: EmbeddedPlatform;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ platform, stop } = await startSeededPlatform());
});
afterAll(async () => stop?.());

const get = (path: string, cookie?: string) => fetch(`${platform.urls.portal}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const sessionCookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

describe('signing in to the portal', () => {
  it('sends the browser to the issuer with a PKCE challenge, back to the portal’s own callback', async () => {
    const started = await get('/signin?back=%2Fcalls');
    expect(started.status).toBe(303);
    const target = new URL(started.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe(`${platform.urls.issuer}/protocol/openid-connect/auth`);
    expect(target.searchParams.get('redirect_uri')).toBe(`${platform.urls.portal}/callback`);
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    expect(started.headers.get('set-cookie')).toMatch(/^csm_session=[\w-]{43}; .*HttpOnly; SameSite=Lax$/);
  });

  it('signs nobody in on a callback whose state is not the one it sent', async () => {
    const started = await get('/signin');
    const cookie = sessionCookieOf(started);
    const forged = await get(`/callback?code=forged&state=not-the-state&iss=${encodeURIComponent(platform.urls.issuer)}`, cookie);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Sign-in did not complete');

    const home = await get('/', cookie);
    expect(home.status).toBe(200);
    expect(await home.text()).not.toContain('Signed in as');
  });

  it('refuses a sign-out posted without the session’s CSRF token', async () => {
    const started = await get('/signin');
    const refused = await fetch(`${platform.urls.portal}/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: sessionCookieOf(started), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=guessed',
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('You cannot do that');
  });
});
