import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { createTokenVerifier, InvalidTokenError } from '../src/token-verifier';

const issuer = 'http://127.0.0.1:8180/realms/csm';
let trustedKey: KeyLike;
let strangerKey: KeyLike;
let verifier: ReturnType<typeof createTokenVerifier>;

beforeAll(async () => {
  const trusted = await generateKeyPair('RS256');
  trustedKey = trusted.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256' };
  verifier = createTokenVerifier({ issuer, audience: 'csm-api', keys: createLocalJWKSet({ keys: [jwk] }) });
});

const token = (claims: JWTPayload = {}, key: KeyLike = trustedKey, expiresIn = '5m') =>
  new SignJWT({ aud: 'csm-api', preferred_username: 'partner', realm_access: { roles: ['partner'] }, org_id: 'amani-youth', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(String(claims.iss ?? issuer))
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);

const refusal = async (jwt: Promise<string>) => {
  const error = await verifier.verify(await jwt).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as InvalidTokenError).reason;
};

describe('token verifier', () => {
  it('accepts a valid token and maps Keycloak claims to a principal', async () => {
    expect(await verifier.verify(await token({ county_code: '001' }))).toEqual({
      subject: 'user-1',
      username: 'partner',
      roles: ['partner'],
      organizationId: 'amani-youth',
      countyCode: '001',
    });
  });

  it('refuses an expired token', async () => {
    expect(await refusal(token({}, trustedKey, '-1m'))).toBe('expired');
  });

  it('refuses a token signed by another key', async () => {
    expect(await refusal(token({}, strangerKey))).toMatch(/signature/);
  });

  it('refuses a token for another audience', async () => {
    expect(await refusal(token({ aud: 'some-other-api' }))).toMatch(/aud/);
  });

  it('refuses a token from another issuer', async () => {
    expect(await refusal(token({ iss: 'http://evil.example/realms/csm' }))).toMatch(/iss/);
  });

  it('refuses a token with no signature', async () => {
    const [header, payload] = (await token()).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect(header).toBeDefined();
    await expect(verifier.verify(unsigned)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('gives no roles when realm_access is missing', async () => {
    expect((await verifier.verify(await token({ realm_access: undefined }))).roles).toEqual([]);
  });
});
