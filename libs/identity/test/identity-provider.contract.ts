import { createTokenVerifier } from '../src/token-verifier';

/**
 * What services rely on from an identity provider, whichever it is (embedded issuer, Keycloak):
 * Keycloak's endpoint paths, password grant for the demo client, tokens whose signature, issuer
 * and audience verify through the JWKS URL, and the same roles and organisation claims.
 */
export const describeIdentityProviderContract = (providerName: string, make: () => Promise<{ issuer: string; dispose: () => Promise<void> }>): void => {
  describe(`identity provider contract: ${providerName}`, () => {
    let issuer: string;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ issuer, dispose } = await make());
    });
    afterAll(async () => dispose());

    const passwordGrant = (username: string, password = 'demo-password') =>
      fetch(`${issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password, scope: 'openid' }),
      });

    it('publishes discovery at Keycloak’s paths', async () => {
      const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(discovery).toMatchObject({
        issuer,
        token_endpoint: `${issuer}/protocol/openid-connect/token`,
        jwks_uri: `${issuer}/protocol/openid-connect/certs`,
        authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
      });
      expect(discovery.code_challenge_methods_supported).toEqual(expect.arrayContaining(['S256']));
    });

    it.each([
      ['admin', { roles: expect.arrayContaining(['nctc-admin']) }],
      ['partner', { roles: expect.arrayContaining(['partner']), organizationId: 'amani-youth' }],
      ['partner2', { roles: expect.arrayContaining(['partner']), organizationId: 'pwani-peace' }],
      ['county', { roles: expect.arrayContaining(['county-officer']), countyCode: '001' }],
      ['auditor', { roles: expect.arrayContaining(['auditor']) }],
    ])('issues %s a token that verifies with the expected claims', async (username, claims) => {
      const body = (await (await passwordGrant(username)).json()) as { access_token: string };
      const principal = await createTokenVerifier({ issuer, audience: 'csm-api' }).verify(body.access_token);
      expect(principal).toMatchObject({ username, ...claims });
    });

    const refresh = async (refreshToken: string) => {
      const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'csm-portal', refresh_token: refreshToken }),
      });
      return { status: response.status, error: ((await response.json()) as { error?: string }).error };
    };

    it('advertises an end_session_endpoint at Keycloak’s path', async () => {
      const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(discovery.end_session_endpoint).toBe(`${issuer}/protocol/openid-connect/logout`);
    });

    it('refreshes until the session is ended by RP-initiated logout with the id token, then refuses with invalid_grant', async () => {
      const tokens = (await (await passwordGrant('reviewer')).json()) as { refresh_token: string; id_token: string };
      expect((await refresh(tokens.refresh_token)).status).toBe(200);
      const loggedOut = await fetch(`${issuer}/protocol/openid-connect/logout?${new URLSearchParams({ id_token_hint: tokens.id_token })}`, { redirect: 'manual' });
      expect(loggedOut.status).toBe(200);
      expect(await refresh(tokens.refresh_token)).toEqual({ status: 400, error: 'invalid_grant' });
    });

    it('refuses a wrong password with invalid_grant', async () => {
      const response = await passwordGrant('partner', 'wrong-password');
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
    });
  });
};
