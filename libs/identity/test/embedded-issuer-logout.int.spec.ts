import { generateKeyPair, SignJWT } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { decodeJwt } from 'jose';
import { createEmbeddedIssuer, type EmbeddedIssuer } from '../src/embedded-issuer';
import { portalClient } from '../src/demo-users';

/** Issuer sessions, RP-initiated logout and the short access-token lifetime tests use. */
const PORTAL = 'http://127.0.0.1:3999';

let dir: string;
let server: Server;
let issuer: EmbeddedIssuer;
const endpoint = (path: string) => `${issuer.issuer}/protocol/openid-connect/${path}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csm-issuer-logout-'));
  const app = express();
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = await createEmbeddedIssuer({ baseUrl, keyFile: join(dir, 'key.json'), clients: [portalClient([`${PORTAL}/callback`])], accessTokenTtlSeconds: 7 });
  app.use(issuer.router);
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  rmSync(dir, { recursive: true, force: true });
});

interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
  expires_in: number;
}
const signIn = async (username: string): Promise<Tokens> => {
  const response = await fetch(endpoint('token'), {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password', scope: 'openid' }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
};
const refresh = async (refreshToken: string) => {
  const response = await fetch(endpoint('token'), { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'csm-portal', refresh_token: refreshToken }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const logout = (params: Record<string, string>) => fetch(`${endpoint('logout')}?${new URLSearchParams(params)}`, { redirect: 'manual' });

describe('issuer sessions and RP-initiated logout', () => {
  it('advertises its end_session_endpoint and the login languages in discovery', async () => {
    const discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.end_session_endpoint).toBe(`${issuer.issuer}/protocol/openid-connect/logout`);
    expect(discovery.ui_locales_supported).toEqual(['en', 'sw']);
  });

  it('issues access tokens for the configured lifetime, every token naming the same issuer session', async () => {
    const tokens = await signIn('partner');
    expect(tokens.expires_in).toBe(7);
    const access = decodeJwt(tokens.access_token);
    expect(access.exp! - access.iat!).toBe(7);
    expect(typeof access.sid).toBe('string');
    expect(decodeJwt(tokens.id_token).sid).toBe(access.sid);
    expect(decodeJwt(tokens.refresh_token).sid).toBe(access.sid);
  });

  it('ends the session the id token names, redirects back with the state, and refuses its refresh token from then on', async () => {
    const tokens = await signIn('partner');
    expect((await refresh(tokens.refresh_token)).status).toBe(200);

    const response = await logout({ id_token_hint: tokens.id_token, post_logout_redirect_uri: `${PORTAL}/`, state: 'after-logout' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${PORTAL}/?state=after-logout`);

    expect(await refresh(tokens.refresh_token)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Session not active' } });
  });

  it('ends only that session: another sign-in of the same person still refreshes', async () => {
    const first = await signIn('reviewer');
    const second = await signIn('reviewer');
    expect((await logout({ id_token_hint: first.id_token, post_logout_redirect_uri: `${PORTAL}/` })).status).toBe(302);
    expect((await refresh(first.refresh_token)).status).toBe(400);
    expect((await refresh(second.refresh_token)).status).toBe(200);
  });

  it('accepts an id_token_hint that has expired (it still says whose session to end)', async () => {
    const tokens = await signIn('county');
    // The same key, as the issuer signs: only an expiry in the past differs.
    const expired = await issuer.signToken({ ...decodeJwt(tokens.id_token), exp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await logout({ id_token_hint: expired, post_logout_redirect_uri: `${PORTAL}/` })).status).toBe(302);
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
  });

  it('never redirects to a post_logout_redirect_uri that is not registered, and ends nothing then', async () => {
    const tokens = await signIn('auditor');
    const response = await logout({ id_token_hint: tokens.id_token, post_logout_redirect_uri: 'https://elsewhere.example/' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'post_logout_redirect_uri is not registered for this client' });
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it('refuses a redirect without an id_token_hint or client_id to say whose URIs to check', async () => {
    const response = await logout({ post_logout_redirect_uri: `${PORTAL}/` });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('refuses an id_token_hint signed by another key, or an access token offered as one', async () => {
    const tokens = await signIn('donor');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...decodeJwt(tokens.id_token) }).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
    for (const hint of [forged, tokens.access_token]) {
      const response = await logout({ id_token_hint: hint, post_logout_redirect_uri: `${PORTAL}/` });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'id_token_hint is not an id token of this issuer' });
    }
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it('refuses an id_token_hint issued to another client than the client_id sent', async () => {
    const tokens = await signIn('donor');
    const response = await logout({ id_token_hint: tokens.id_token, client_id: 'csm-bench', post_logout_redirect_uri: `${PORTAL}/` });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'id_token_hint was issued to another client' });
  });

  it('says "signed out" on its own page, in Kiswahili for ui_locales=sw, when no page to return to is named', async () => {
    const tokens = await signIn('partner2');
    const response = await logout({ id_token_hint: tokens.id_token, ui_locales: 'sw' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="sw">');
    expect(html).toContain('<h1>Umetoka kwenye akaunti yako</h1>');
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
  });

  it('logs out through a form post as well (the specification allows both)', async () => {
    const tokens = await signIn('partner3');
    const response = await fetch(endpoint('logout'), {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: `${PORTAL}/` }),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${PORTAL}/`);
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
  });

  it('ends every session of a person as an administrator would, and no one else’s', async () => {
    const partner = await signIn('partner-member');
    const other = await signIn('newcomer');
    expect(issuer.endSessionsOf('partner-member')).toBe(1);
    expect((await refresh(partner.refresh_token)).status).toBe(400);
    expect((await refresh(other.refresh_token)).status).toBe(200);
  });
});
