import { describeWithServices } from '@csm/testkit';
import { createTokenVerifier, InvalidTokenError } from '../src/token-verifier';
import { describeIdentityProviderContract } from './identity-provider.contract';

jest.setTimeout(30_000);

/** Real Keycloak (`npm run infra:up`), realm imported from k8s/keycloak/realm-csm.json. */
describeWithServices(['keycloak'], 'identity against real Keycloak', ({ keycloak }) => {
  const issuer = `${keycloak}/realms/csm`;
  const token = async (username: string): Promise<string> => {
    const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password', scope: 'openid' }),
    });
    const body = (await response.json()) as { access_token?: string; error_description?: string };
    if (!body.access_token) throw new Error(`Keycloak refused ${username}: ${response.status} ${body.error_description}`);
    return body.access_token;
  };
  const verifier = createTokenVerifier({ issuer, audience: 'csm-api' });

  describeIdentityProviderContract('Keycloak', async () => ({ issuer, dispose: async () => undefined }));

  it('accepts a Keycloak token and reads roles, org_id and county_code from it', async () => {
    expect(await verifier.verify(await token('partner'))).toMatchObject({ username: 'partner', roles: expect.arrayContaining(['partner']), organizationId: 'amani-youth' });
    expect(await verifier.verify(await token('county'))).toMatchObject({ roles: expect.arrayContaining(['county-officer']), countyCode: '001' });
  });

  it('refuses a Keycloak token once it has expired', async () => {
    const inTwoHours = createTokenVerifier({ issuer, audience: 'csm-api', now: () => new Date(Date.now() + 2 * 3600_000) });
    await expect(inTwoHours.verify(await token('partner'))).rejects.toMatchObject({ reason: 'expired' });
  });

  it('refuses a token whose signature was tampered with', async () => {
    const [header, payload, signature] = (await token('partner')).split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), realm_access: { roles: ['nctc-admin'] } })).toString('base64url');
    await expect(verifier.verify(`${header}.${forged}.${signature}`)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token meant for another audience', async () => {
    const otherApi = createTokenVerifier({ issuer, audience: 'another-api' });
    await expect(otherApi.verify(await token('partner'))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a wrong password', async () => {
    await expect(token('nobody-at-all')).rejects.toThrow(/refused/);
  });
});
