import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { createEmbeddedIssuer, type EmbeddedIssuer } from '../src/embedded-issuer';
import { createTokenVerifier } from '../src/token-verifier';
import { authenticate } from '../src/express-auth';

let dir: string;
let server: Server;
let baseUrl: string;
let issuer: EmbeddedIssuer;

const start = async () => {
  const app = express();
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = await createEmbeddedIssuer({ baseUrl, keyFile: join(dir, 'key.json') });
  app.use(issuer.router);
  const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: 'csm-api' });
  app.get('/whoami', authenticate(verifier), (req, res) => {
    res.json(req.principal ?? { anonymous: true });
  });
};
const stop = () => new Promise<void>((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
});

const passwordGrant = (username: string, password = 'demo-password') =>
  fetch(`${issuer.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password }),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csm-issuer-'));
  await start();
});
afterAll(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded OIDC issuer', () => {
  it('publishes Keycloak-shaped discovery and keys', async () => {
    const discovery = (await (await fetch(`${baseUrl}/realms/csm/.well-known/openid-configuration`)).json()) as any;
    expect(discovery).toMatchObject({ issuer: `${baseUrl}/realms/csm`, jwks_uri: `${baseUrl}/realms/csm/protocol/openid-connect/certs`, code_challenge_methods_supported: ['S256'] });
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as any;
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('issues tokens by password grant that services verify through the JWKS URL', async () => {
    const body = (await (await passwordGrant("partner")).json()) as any;
    const me = (await (await fetch(`${baseUrl}/whoami`, { headers: { authorization: `Bearer ${body.access_token}` } })).json()) as any;
    expect(me).toMatchObject({ username: 'partner', roles: ['partner'], organizationId: 'amani-youth' });
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const wrong = await passwordGrant('partner', 'nope');
    const unknown = await passwordGrant('nobody', 'nope');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('runs the authorization code flow with PKCE, and refuses a wrong verifier', async () => {
    const login = async () => {
      const verifier = randomBytes(32).toString('base64url');
      const params = new URLSearchParams({
        response_type: 'code',
        client_id: 'csm-portal',
        redirect_uri: 'http://localhost:3000/callback',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        state: 'xyz',
        scope: 'openid',
      });
      const form = await fetch(`${issuer.issuer}/protocol/openid-connect/auth?${params}`);
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('<form method="post">');
      const posted = await fetch(`${issuer.issuer}/protocol/openid-connect/auth`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ ...Object.fromEntries(params), username: 'admin', password: 'demo-password' }),
      });
      expect(posted.status).toBe(302);
      const location = new URL(posted.headers.get('location')!);
      expect(location.searchParams.get('state')).toBe('xyz');
      return { code: location.searchParams.get('code')!, verifier };
    };
    const exchange = (code: string, verifier: string) =>
      fetch(`${issuer.issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'csm-portal', code, code_verifier: verifier, redirect_uri: 'http://localhost:3000/callback' }),
      });

    const good = await login();
    const tokens = await (await exchange(good.code, good.verifier)).json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), id_token: expect.any(String) });
    expect((await exchange(good.code, good.verifier)).status).toBe(400); // a code is single use

    const stolen = await login();
    expect((await exchange(stolen.code, randomBytes(32).toString('base64url'))).status).toBe(400);
  });

  it('never redirects to an unregistered redirect_uri', async () => {
    const params = new URLSearchParams({ response_type: 'code', client_id: 'csm-portal', redirect_uri: 'http://evil.example/cb', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' });
    const response = await fetch(`${issuer.issuer}/protocol/openid-connect/auth?${params}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
  });

  it('answers a bad bearer token with a 401 problem', async () => {
    const response = await fetch(`${baseUrl}/whoami`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('refreshes tokens', async () => {
    const { refresh_token } = (await (await passwordGrant("auditor")).json()) as any;
    const refreshed = await fetch(`${issuer.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'csm-portal', refresh_token }),
    });
    expect(refreshed.status).toBe(200);
  });

  it('keeps its signing key across a restart, so issued tokens stay valid', async () => {
    const { access_token } = (await (await passwordGrant("donor")).json()) as any;
    const kid = issuer.jwks.keys[0]!.kid;
    await stop();
    await start();
    expect(issuer.jwks.keys[0]!.kid).toBe(kid);
    // The new server has a new port (so a new issuer URL); the key itself is what must persist.
    const verifier = createTokenVerifier({ issuer: String(JSON.parse(Buffer.from(access_token.split('.')[1], 'base64url').toString()).iss), audience: 'csm-api', jwksUri: `${issuer.issuer}/protocol/openid-connect/certs` });
    await expect(verifier.verify(access_token)).resolves.toMatchObject({ username: 'donor' });
  });
});
