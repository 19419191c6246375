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

    it('refuses a wrong password with invalid_grant', async () => {
      const response = await passwordGrant('partner', 'wrong-password');
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
    });
  });
};
