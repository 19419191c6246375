import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describeWithServices } from '@csm/testkit';
import { keycloakRealmExport } from '../src/keycloak-realm';
import { LOGIN_MESSAGES } from '../src/login-messages';

jest.setTimeout(60_000);

/**
 * Keycloak's login page in Kiswahili, from what the realm export carries. Import-independent on
 * purpose: the shared Keycloak imported the `csm` realm when it started, perhaps from an older
 * export, and is not ours to restart. So the test creates a private, uniquely named realm from the
 * current export through the admin REST API (local-only admin/admin credentials that
 * scripts/infra/keycloak.sh sets; override with KEYCLOAK_ADMIN_USER/KEYCLOAK_ADMIN_PASSWORD),
 * reads the page Keycloak renders for it, and deletes the realm afterwards.
 */
describeWithServices(['keycloak'], 'Keycloak login page in Kiswahili (realm export localization)', ({ keycloak }) => {
  const realmName = `csm-sw-${randomUUID().slice(0, 8)}`;
  let adminToken: string;

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${keycloak}/admin/realms${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });

  beforeAll(async () => {
    const response = await fetch(`${keycloak}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: process.env.KEYCLOAK_ADMIN_USER ?? 'admin',
        password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
      }),
    });
    expect(response.status).toBe(200);
    adminToken = ((await response.json()) as { access_token: string }).access_token;

    // The whole export under a private name; its demo users are left out (not needed to show a form).
    const { users: _users, ...realm } = keycloakRealmExport();
    const created = await admin('', { method: 'POST', body: JSON.stringify({ ...realm, realm: realmName }) });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    if (adminToken) await admin(`/${realmName}`, { method: 'DELETE' });
  });

  const loginPage = async (extra: Record<string, string>) => {
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const params = new URLSearchParams({
      client_id: 'csm-portal',
      response_type: 'code',
      redirect_uri: 'http://localhost:3000/callback',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
    const response = await fetch(`${keycloak}/realms/${realmName}/protocol/openid-connect/auth?${params}`);
    expect(response.status).toBe(200);
    return { html: await response.text(), cookies: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
  };

  const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

  it('keeps the Kiswahili texts the export carries, key for key', async () => {
    const response = await admin(`/${realmName}/localization/sw`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(LOGIN_MESSAGES.sw);
  });

  it('shows the login form in Kiswahili for ui_locales=sw, with html lang="sw"', async () => {
    const { html } = await loginPage({ ui_locales: 'sw' });
    expect(html).toMatch(/<html[^>]* lang="sw"/);
    const visible = text(html);
    expect(visible).toContain(LOGIN_MESSAGES.sw.loginAccountTitle);
    expect(visible).toContain(LOGIN_MESSAGES.sw.usernameOrEmail);
    expect(visible).toContain(LOGIN_MESSAGES.sw.password);
    expect(visible).toContain(LOGIN_MESSAGES.sw.doLogIn);
    expect(visible).not.toContain(LOGIN_MESSAGES.en.loginAccountTitle);
    // Labels stay tied to their fields, and the language menu is named in the page's language.
    const label = (id: string) => text(new RegExp(`<label for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(html)?.[1] ?? '').trim();
    expect(label('username')).toBe(LOGIN_MESSAGES.sw.usernameOrEmail);
    expect(label('password')).toBe(LOGIN_MESSAGES.sw.password);
    expect(html).toContain(`aria-label="${LOGIN_MESSAGES.sw.languages}"`);
  });

  it('shows it in English by default', async () => {
    const { html } = await loginPage({});
    expect(html).toMatch(/<html[^>]* lang="en"/);
    expect(text(html)).toContain(LOGIN_MESSAGES.en.loginAccountTitle);
    expect(text(html)).not.toContain(LOGIN_MESSAGES.sw.loginAccountTitle);
  });

  it('says a wrong username or password in Kiswahili', async () => {
    const { html, cookies } = await loginPage({ ui_locales: 'sw' });
    const action = /<form id="kc-form-login"[^>]* action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const response = await fetch(action, {
      method: 'POST',
      headers: { cookie: cookies },
      body: new URLSearchParams({ username: 'nobody-at-all', password: 'wrong' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(text(await response.text())).toContain(LOGIN_MESSAGES.sw.invalidUserMessage);
  });
});
