import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { decodeJwt } from 'jose';
import { createEmbeddedIssuer, type EmbeddedIssuer, type EmbeddedIssuerOptions } from '../src/embedded-issuer';
import { createTokenVerifier } from '../src/token-verifier';
import { allowAnonymous, authenticate, requireOrganization, requireRole } from '../src/express-auth';
import { PORTAL_CLIENT, type OidcClient } from '../src/demo-users';

const CALLBACK = 'http://localhost:3000/callback';
const BENCH_CLIENT: OidcClient = { clientId: 'csm-bench', secret: 'bench-secret', redirectUris: [], directAccessGrants: false, serviceAccountRoles: ['auditor'] };

interface Running {
  baseUrl: string;
  issuer: EmbeddedIssuer;
  stop(): Promise<void>;
}

/** The issuer and a small API protected by the middleware, on one ephemeral loopback port. */
const startIssuer = async (keyFile: string, options: Partial<EmbeddedIssuerOptions> = {}): Promise<Running> => {
  const app = express();
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = await createEmbeddedIssuer({ baseUrl, keyFile, clients: [PORTAL_CLIENT, BENCH_CLIENT], ...options });
  app.use(issuer.router);

  // Through the JWKS URL, exactly as a service configured for Keycloak would verify.
  const api = express.Router();
  api.use(authenticate(createTokenVerifier({ issuer: issuer.issuer, audience: 'csm-api' })));
  api.get('/whoami', allowAnonymous(), (req, res) => {
    res.json(req.principal ?? { anonymous: true });
  });
  api.get('/admin', requireRole('nctc-admin'), (_req, res) => {
    res.json({ ok: true });
  });
  api.get('/organizations/:organizationId/profile', requireRole('partner'), requireOrganization('organizationId'), (req, res) => {
    res.json({ organizationId: req.params.organizationId });
  });
  app.use('/api', api);

  return {
    baseUrl,
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

let dir: string;
let running: Running;
const endpoint = (path: string) => `${running.issuer.issuer}/protocol/openid-connect/${path}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csm-issuer-'));
  running = await startIssuer(join(dir, 'key.json'));
});
afterAll(async () => {
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
});

const tokenRequest = (params: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(endpoint('token'), { method: 'POST', headers, body: new URLSearchParams(params) });

const passwordGrant = (username: string, password = 'demo-password', clientId = 'csm-portal') =>
  tokenRequest({ grant_type: 'password', client_id: clientId, username, password });

const accessTokenOf = async (username: string): Promise<string> => ((await (await passwordGrant(username)).json()) as { access_token: string }).access_token;

const callApi = (path: string, token?: string) =>
  fetch(`${running.baseUrl}/api${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

const authorizationParams = (challenge: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({ response_type: 'code', client_id: 'csm-portal', redirect_uri: CALLBACK, code_challenge: challenge, code_challenge_method: 'S256', state: 'xyz', scope: 'openid', ...extra });

/** GET the form, POST the credentials, read the code from the redirect, as a browser would. */
const signInThroughBrowser = async (username = 'admin', extra: Record<string, string> = {}) => {
  const { verifier, challenge } = pkcePair();
  const params = authorizationParams(challenge, extra);
  const form = await fetch(`${endpoint('auth')}?${params}`);
  expect(form.status).toBe(200);
  const html = await form.text();
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  const posted = await fetch(`${endpoint('auth')}?${params}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ ...hidden, username, password: 'demo-password' }),
  });
  expect(posted.status).toBe(302);
  const location = new URL(posted.headers.get('location')!);
  return { location, code: location.searchParams.get('code')!, verifier };
};

const exchangeCode = (code: string, verifier: string, redirectUri = CALLBACK) =>
  tokenRequest({ grant_type: 'authorization_code', client_id: 'csm-portal', code, code_verifier: verifier, redirect_uri: redirectUri });

const expectProblem = async (response: Response, status: number, type: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toEqual({ type, title: expect.any(String), status, detail: expect.any(String) });
};

describe('embedded OIDC issuer', () => {
  it('publishes Keycloak-shaped discovery and a JWKS without private key members', async () => {
    const discovery = (await (await fetch(`${running.baseUrl}/realms/csm/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: `${running.baseUrl}/realms/csm`,
      jwks_uri: `${running.baseUrl}/realms/csm/protocol/openid-connect/certs`,
      authorization_endpoint: `${running.baseUrl}/realms/csm/protocol/openid-connect/auth`,
      token_endpoint: `${running.baseUrl}/realms/csm/protocol/openid-connect/token`,
      userinfo_endpoint: `${running.baseUrl}/realms/csm/protocol/openid-connect/userinfo`,
      code_challenge_methods_supported: ['S256'],
    });
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwks.keys[0]).not.toHaveProperty(member);
  });

  describe('password grant', () => {
    it('issues a Keycloak-shaped access token that services verify through the JWKS URL', async () => {
      const token = await accessTokenOf('partner');
      expect(decodeJwt(token)).toMatchObject({
        iss: running.issuer.issuer,
        sub: '9a0e4f52-0004-4c1e-9a51-000000000004',
        aud: 'csm-api',
        azp: 'csm-portal',
        typ: 'Bearer',
        jti: expect.any(String),
        iat: expect.any(Number),
        exp: expect.any(Number),
        scope: expect.any(String),
        preferred_username: 'partner',
        email: 'partner@amani.example',
        realm_access: { roles: ['partner'] },
        org_id: 'amani-youth',
      });
      const verifier = createTokenVerifier({ issuer: running.issuer.issuer, audience: 'csm-api' });
      expect(await verifier.verify(token)).toEqual({ subject: '9a0e4f52-0004-4c1e-9a51-000000000004', username: 'partner', roles: ['partner'], organizationId: 'amani-youth' });
    });

    it('carries the county of a county officer', async () => {
      expect(await (await callApi('/whoami', await accessTokenOf('county'))).json()).toMatchObject({ roles: ['county-officer'], countyCode: '001' });
    });

    it('refuses a wrong password exactly as it refuses an unknown user', async () => {
      const wrong = await passwordGrant('partner', 'nope');
      const unknown = await passwordGrant('nobody', 'nope');
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      const [wrongBody, unknownBody] = [await wrong.json(), await unknown.json()];
      expect(wrongBody).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
      expect(wrongBody).toEqual(unknownBody);
    });

    it('is refused to a client without direct access grants', async () => {
      const response = await tokenRequest(
        { grant_type: 'password', username: 'admin', password: 'demo-password' },
        { authorization: `Basic ${Buffer.from('csm-bench:bench-secret').toString('base64')}` },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
    });
  });

  describe('authorization code with PKCE', () => {
    it('signs in through the form and exchanges the code with its verifier', async () => {
      const { location, code, verifier } = await signInThroughBrowser('admin', { nonce: 'n-0S6' });
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(location.searchParams.get('state')).toBe('xyz');
      expect(location.searchParams.get('iss')).toBe(running.issuer.issuer);

      const response = await exchangeCode(code, verifier);
      expect(response.status).toBe(200);
      const tokens = (await response.json()) as { access_token: string; id_token: string; refresh_token: string; token_type: string };
      expect(tokens.token_type).toBe('Bearer');
      expect(decodeJwt(tokens.id_token)).toMatchObject({ aud: 'csm-portal', nonce: 'n-0S6', typ: 'ID' });
      expect(await (await callApi('/admin', tokens.access_token)).json()).toEqual({ ok: true });
    });

    it('refuses a code exchanged with the wrong verifier', async () => {
      const { code } = await signInThroughBrowser();
      const response = await exchangeCode(code, randomBytes(32).toString('base64url'));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('accepts a code once only', async () => {
      const { code, verifier } = await signInThroughBrowser();
      expect((await exchangeCode(code, verifier)).status).toBe(200);
      expect((await exchangeCode(code, verifier)).status).toBe(400);
    });

    it('refuses a code exchanged for a different redirect_uri', async () => {
      const { code, verifier } = await signInThroughBrowser();
      expect((await exchangeCode(code, verifier, 'http://127.0.0.1:3000/callback')).status).toBe(400);
    });

    it('never redirects to a redirect_uri that is not registered exactly', async () => {
      for (const redirectUri of ['http://evil.example/callback', `${CALLBACK}/`, `${CALLBACK}?next=x`]) {
        const response = await fetch(`${endpoint('auth')}?${authorizationParams(pkcePair().challenge, { redirect_uri: redirectUri })}`, { redirect: 'manual' });
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
      }
    });

    it('requires an S256 code challenge', async () => {
      const plain = await fetch(`${endpoint('auth')}?${authorizationParams('x'.repeat(43), { code_challenge_method: 'plain' })}`);
      const none = await fetch(`${endpoint('auth')}?${new URLSearchParams({ response_type: 'code', client_id: 'csm-portal', redirect_uri: CALLBACK })}`);
      expect([plain.status, none.status]).toEqual([400, 400]);
      expect(await plain.json()).toMatchObject({ error: 'invalid_request' });
    });

    it('refuses a parameter sent twice', async () => {
      const response = await fetch(`${endpoint('auth')}?${authorizationParams(pkcePair().challenge)}&state=again`);
      expect(response.status).toBe(400);
    });

    it('escapes what it echoes into the login form', async () => {
      const response = await fetch(`${endpoint('auth')}?${authorizationParams(pkcePair().challenge, { state: '"><script>alert(1)</script>' })}`);
      const html = await response.text();
      expect(html).not.toContain('<script>');
      expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    });

    it('shows the form again, with no code, after a wrong password', async () => {
      const params = authorizationParams(pkcePair().challenge);
      const response = await fetch(`${endpoint('auth')}`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ ...Object.fromEntries(params), username: 'admin', password: 'wrong' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('Invalid username or password');
    });
  });

  describe('login form in English and Kiswahili', () => {
    const formHtml = async (extra: Record<string, string> = {}, headers: Record<string, string> = {}) => {
      const response = await fetch(`${endpoint('auth')}?${authorizationParams(pkcePair().challenge, extra)}`, { headers });
      expect(response.status).toBe(200);
      return response.text();
    };

    it('renders in English by default, with labelled fields', async () => {
      const html = await formHtml();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<h1>Sign in to your account</h1>');
      expect(html).toContain('<label for="username">Username</label>');
      expect(html).toContain('<input id="username" name="username"');
      expect(html).toContain('<label for="password">Password</label>');
      expect(html).toContain('<input id="password" name="password"');
      expect(html).toContain('<button type="submit">Sign In</button>');
    });

    it('renders in Kiswahili when ui_locales=sw is on the authorization request', async () => {
      const html = await formHtml({ ui_locales: 'sw' });
      expect(html).toContain('<html lang="sw">');
      expect(html).toContain('<h1>Ingia kwenye akaunti yako</h1>');
      expect(html).toContain('<label for="username">Jina la mtumiaji</label>');
      expect(html).toContain('<label for="password">Nenosiri</label>');
      expect(html).toContain('<button type="submit">Ingia</button>');
      expect(html).toContain('<nav aria-label="Lugha">');
    });

    it("follows the browser's Accept-Language when ui_locales is absent, and ui_locales over it", async () => {
      expect(await formHtml({}, { 'accept-language': 'sw-KE, sw;q=0.9, en;q=0.5' })).toContain('<html lang="sw">');
      expect(await formHtml({}, { 'accept-language': 'fr, en;q=0.5' })).toContain('<html lang="en">');
      expect(await formHtml({ ui_locales: 'en' }, { 'accept-language': 'sw' })).toContain('<html lang="en">');
    });

    it('offers a visible switch to the other language that keeps the authorization request', async () => {
      const html = await formHtml({ ui_locales: 'sw' });
      const links = [...html.matchAll(/<a href="\?([^"]+)" lang="(en|sw)" hreflang="\2"( aria-current="true")?>([^<]+)<\/a>/g)];
      expect(links.map((m) => [m[2], m[4], Boolean(m[3])])).toEqual([
        ['en', 'English', false],
        ['sw', 'Kiswahili', true],
      ]);
      const toEnglish = new URLSearchParams(links[0]![1]!.replace(/&amp;/g, '&'));
      expect(toEnglish.get('ui_locales')).toBe('en');
      expect(toEnglish.get('state')).toBe('xyz');
      const english = await fetch(`${endpoint('auth')}?${toEnglish}`);
      expect(english.status).toBe(200);
      expect(await english.text()).toContain('<html lang="en">');
    });

    it('says a wrong password in Kiswahili when the form was in Kiswahili, and still signs in', async () => {
      const params = authorizationParams(pkcePair().challenge, { ui_locales: 'sw' });
      const response = await fetch(endpoint('auth'), {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ ...Object.fromEntries(params), username: 'admin', password: 'wrong' }),
      });
      expect(response.status).toBe(401);
      const html = await response.text();
      expect(html).toContain('<html lang="sw">');
      expect(html).toContain('<p role="alert">Jina la mtumiaji au nenosiri si sahihi.</p>');

      const { code, verifier } = await signInThroughBrowser('admin', { ui_locales: 'sw' });
      expect((await exchangeCode(code, verifier)).status).toBe(200);
    });
  });

  describe('refresh and userinfo', () => {
    it('exchanges a refresh token for new tokens', async () => {
      const { refresh_token } = (await (await passwordGrant('auditor')).json()) as { refresh_token: string };
      const refreshed = await tokenRequest({ grant_type: 'refresh_token', client_id: 'csm-portal', refresh_token });
      expect(refreshed.status).toBe(200);
      const { access_token } = (await refreshed.json()) as { access_token: string };
      expect(await (await callApi('/whoami', access_token)).json()).toMatchObject({ username: 'auditor', roles: ['auditor'] });
    });

    it('does not let a refresh token stand in for an access token', async () => {
      const { refresh_token } = (await (await passwordGrant('auditor')).json()) as { refresh_token: string };
      expect((await callApi('/whoami', refresh_token)).status).toBe(401);
    });

    it('answers userinfo for an access token, with the organisation claim', async () => {
      const response = await fetch(endpoint('userinfo'), { headers: { authorization: `Bearer ${await accessTokenOf('partner2')}` } });
      expect(await response.json()).toMatchObject({ sub: '9a0e4f52-0006-4c1e-9a51-000000000006', preferred_username: 'partner2', org_id: 'pwani-peace' });
    });

    it('refuses userinfo without a valid access token', async () => {
      const response = await fetch(endpoint('userinfo'), { headers: { authorization: 'Bearer nope' } });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    });
  });

  describe('client credentials', () => {
    const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

    it('issues a confidential client a token for its service account', async () => {
      const response = await tokenRequest({ grant_type: 'client_credentials' }, basic('csm-bench', 'bench-secret'));
      expect(response.status).toBe(200);
      const { access_token } = (await response.json()) as { access_token: string };
      expect(await (await callApi('/whoami', access_token)).json()).toMatchObject({ username: 'service-account-csm-bench', roles: ['auditor'] });
    });

    it('refuses a wrong client secret', async () => {
      const response = await tokenRequest({ grant_type: 'client_credentials', client_id: 'csm-bench', client_secret: 'guess' });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    });

    it('refuses a public client', async () => {
      const response = await tokenRequest({ grant_type: 'client_credentials', client_id: 'csm-portal' });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
    });
  });

  describe('token endpoint errors', () => {
    it('answers OAuth errors as JSON', async () => {
      const cases: [RequestInit, number, string][] = [
        [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"password"}' }, 400, 'invalid_request'],
        [{ method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: 'nobody' }) }, 401, 'invalid_client'],
        [{ method: 'POST', body: new URLSearchParams({ grant_type: 'implicit', client_id: 'csm-portal' }) }, 400, 'unsupported_grant_type'],
      ];
      for (const [init, status, error] of cases) {
        const response = await fetch(endpoint('token'), init);
        expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([status, error]);
      }
    });
  });

  describe('express middleware', () => {
    it('lets an anonymous caller reach a public endpoint', async () => {
      expect(await (await callApi('/whoami')).json()).toEqual({ anonymous: true });
    });

    it('answers an anonymous caller of a protected endpoint with a 401 problem', async () => {
      const response = await callApi('/admin');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectProblem(response, 401, 'https://csm.go.ke/problems/unauthorized');
    });

    it('answers a bad token with a 401 problem and an invalid_token challenge, even on a public endpoint', async () => {
      for (const authorization of ['Bearer not.a.token', 'Basic YWRtaW46ZGVtby1wYXNzd29yZA==']) {
        const response = await fetch(`${running.baseUrl}/api/whoami`, { headers: { authorization } });
        expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        await expectProblem(response, 401, 'https://csm.go.ke/problems/unauthorized');
      }
    });

    it('answers an expired token with a 401 problem', async () => {
      const past = Math.floor(Date.now() / 1000) - 60;
      const expired = await running.issuer.signToken({ preferred_username: 'admin', iat: past - 300, exp: past });
      await expectProblem(await callApi('/admin', expired), 401, 'https://csm.go.ke/problems/unauthorized');
    });

    it('answers a caller without the role with a 403 problem', async () => {
      await expectProblem(await callApi('/admin', await accessTokenOf('reviewer')), 403, 'https://csm.go.ke/problems/forbidden');
    });

    it('lets a partner reach only their own organisation', async () => {
      const member = await accessTokenOf('partner-member');
      expect((await callApi('/organizations/amani-youth/profile', member)).status).toBe(200);
      await expectProblem(await callApi('/organizations/pwani-peace/profile', member), 403, 'https://csm.go.ke/problems/forbidden');
    });

    it('refuses the organisation check to a caller with no organisation', async () => {
      const orphan = await running.issuer.signToken({ sub: 'someone', preferred_username: 'someone', realm_access: { roles: ['partner'] } });
      await expectProblem(await callApi('/organizations/amani-youth/profile', orphan), 403, 'https://csm.go.ke/problems/forbidden');
    });
  });

  describe('signing key', () => {
    it('is kept in the key file, so tokens issued before a restart verify after it', async () => {
      const keyFile = join(dir, 'nested', 'identity', 'signing-key.json');
      const first = await startIssuer(keyFile);
      const token = await first.issuer.signToken({ preferred_username: 'donor' });
      const kid = first.issuer.jwks.keys[0]!.kid;
      const stored = readFileSync(keyFile, 'utf8');
      await first.stop();

      const second = await startIssuer(keyFile);
      try {
        expect(second.issuer.jwks.keys[0]!.kid).toBe(kid);
        expect(readFileSync(keyFile, 'utf8')).toBe(stored);
        expect(statSync(keyFile).mode & 0o077).toBe(0);
        // A new port is a new issuer URL; what must survive is the key, fetched from the new JWKS URL.
        const verifier = createTokenVerifier({ issuer: first.issuer.issuer, audience: 'csm-api', jwksUri: `${second.issuer.issuer}/protocol/openid-connect/certs` });
        expect(await verifier.verify(token)).toMatchObject({ username: 'donor', roles: ['donor'] });
      } finally {
        await second.stop();
      }
    });
  });
});
