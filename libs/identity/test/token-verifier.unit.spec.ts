import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { createTokenVerifier, InvalidTokenError, type InvalidTokenReason, type TokenVerifier } from '../src/token-verifier';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
interface Signer {
  key: PrivateKey;
  alg: 'RS256' | 'ES256';
  kid: string;
}

const issuer = 'http://127.0.0.1:8180/realms/csm';
let rsa: Signer;
let ec: Signer;
let verifier: TokenVerifier;
const published: JWK[] = [];

beforeAll(async () => {
  const keyPair = async (alg: Signer['alg'], kid: string): Promise<Signer> => {
    const pair = await generateKeyPair(alg);
    published.push({ ...(await exportJWK(pair.publicKey)), kid, alg });
    return { key: pair.privateKey, alg, kid };
  };
  rsa = await keyPair('RS256', 'rsa-1');
  ec = await keyPair('ES256', 'ec-1');
  verifier = createTokenVerifier({ issuer, audience: 'csm-api', keys: createLocalJWKSet({ keys: published }) });
});

/** An access token as Keycloak issues one to partner of Amani Youth; `claims` override. */
const anAccessToken = (claims: JWTPayload = {}, signer: Signer = rsa) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: issuer,
    sub: 'user-1',
    aud: 'csm-api',
    azp: 'csm-portal',
    typ: 'Bearer',
    iat: now,
    exp: now + 300,
    preferred_username: 'partner',
    realm_access: { roles: ['partner'] },
    org_id: 'amani-youth',
    ...claims,
  })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid })
    .sign(signer.key);
};

const refusal = async (token: string | Promise<string>): Promise<InvalidTokenReason> => {
  const error = await verifier.verify(await token).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as InvalidTokenError).reason;
};

const now = () => Math.floor(Date.now() / 1000);

describe('token verifier', () => {
  it('accepts a valid token and maps Keycloak claims to a principal', async () => {
    expect(await verifier.verify(await anAccessToken({ county_code: '001' }))).toEqual({
      subject: 'user-1',
      username: 'partner',
      roles: ['partner'],
      organizationId: 'amani-youth',
      countyCode: '001',
    });
  });

  it('accepts ES256, which a realm may be configured to sign with', async () => {
    expect(await verifier.verify(await anAccessToken({}, ec))).toMatchObject({ subject: 'user-1' });
  });

  it('refuses an expired token', async () => {
    expect(await refusal(anAccessToken({ iat: now() - 600, exp: now() - 60 }))).toBe('expired');
  });

  it('refuses a token signed by another key under a trusted kid', async () => {
    const stranger = { ...rsa, key: (await generateKeyPair('RS256')).privateKey };
    expect(await refusal(anAccessToken({}, stranger))).toBe('bad-signature');
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const stranger = { alg: 'RS256' as const, kid: 'unknown', key: (await generateKeyPair('RS256')).privateKey };
    expect(await refusal(anAccessToken({}, stranger))).toBe('unknown-key');
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const [header, payload, signature] = (await anAccessToken()).split('.') as [string, string, string];
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), realm_access: { roles: ['nctc-admin'] } })).toString('base64url');
    expect(await refusal(`${header}.${promoted}.${signature}`)).toBe('bad-signature');
  });

  it('refuses a token for another audience', async () => {
    expect(await refusal(anAccessToken({ aud: 'some-other-api' }))).toBe('wrong-audience');
  });

  it('refuses a token from another issuer', async () => {
    expect(await refusal(anAccessToken({ iss: 'http://evil.example/realms/csm' }))).toBe('wrong-issuer');
  });

  it('refuses an unsigned token', async () => {
    const payload = (await anAccessToken()).split('.')[1]!;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect(await refusal(unsigned)).toBe('algorithm-not-allowed');
  });

  it('refuses an algorithm other than RS256 and ES256', async () => {
    const hmac = new SignJWT({ iss: issuer, sub: 'user-1', aud: 'csm-api', exp: now() + 60 }).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' });
    expect(await refusal(hmac.sign(new TextEncoder().encode('a shared secret of thirty-two bytes!')))).toBe('algorithm-not-allowed');
  });

  it('refuses an ID or refresh token presented as an access token', async () => {
    expect(await refusal(anAccessToken({ typ: 'ID' }))).toBe('not-an-access-token');
    expect(await refusal(anAccessToken({ typ: 'Refresh' }))).toBe('not-an-access-token');
  });

  it('refuses a token without a subject', async () => {
    expect(await refusal(anAccessToken({ sub: undefined }))).toBe('missing-claim');
  });

  it('refuses what is not a JWT at all', async () => {
    expect(await refusal('not.a.token')).toBe('malformed');
  });

  it('gives no roles when realm_access is missing, and ignores roles that are not strings', async () => {
    expect((await verifier.verify(await anAccessToken({ realm_access: undefined }))).roles).toEqual([]);
    expect((await verifier.verify(await anAccessToken({ realm_access: { roles: ['partner', 7, { admin: true }] } }))).roles).toEqual(['partner']);
  });

  it('leaves organisation and county out when the claims are absent or empty', async () => {
    const principal = await verifier.verify(await anAccessToken({ org_id: '', county_code: undefined }));
    expect(principal).not.toHaveProperty('organizationId');
    expect(principal).not.toHaveProperty('countyCode');
  });

  it('uses the subject as username when preferred_username is missing', async () => {
    expect((await verifier.verify(await anAccessToken({ preferred_username: undefined }))).username).toBe('user-1');
  });

  it('treats an unreachable key set as an outage, not as a bad token', async () => {
    const offline = createTokenVerifier({ issuer, audience: 'csm-api', keys: async () => Promise.reject(new Error('connect ECONNREFUSED')) });
    const error = await offline.verify(await anAccessToken()).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(InvalidTokenError);
  });

  it('checks expiry against the clock it is given', async () => {
    const inAnHour = createTokenVerifier({ issuer, audience: 'csm-api', keys: createLocalJWKSet({ keys: published }), now: () => new Date(Date.now() + 3600_000) });
    const error = await inAnHour.verify(await anAccessToken()).catch((e: unknown) => e);
    expect((error as InvalidTokenError).reason).toBe('expired');
  });
});
