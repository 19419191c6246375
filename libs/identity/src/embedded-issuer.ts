import { createHash, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { jwtVerify, SignJWT, createLocalJWKSet, type JWK, type JWTPayload } from 'jose';
import { API_AUDIENCE, DEMO_PASSWORD, DEMO_USERS, PORTAL_CLIENT, type DemoUser, type OidcClient } from './demo-users';
import { loadOrCreateSigningKey } from './signing-key';

/**
 * A local OpenID Connect issuer for the embedded default. It serves Keycloak's paths under
 * `/realms/csm` with the same claims (realm_access.roles, org_id, county_code, audience csm-api),
 * so services verify its tokens exactly as they verify Keycloak's: through the JWKS URL.
 * Flows: authorization code with PKCE (S256 only) for the portal, the password grant for
 * scripts and tests, refresh tokens.
 */
export interface EmbeddedIssuerOptions {
  /** Where the issuer is reached, e.g. http://127.0.0.1:8180 (without /realms/csm). */
  baseUrl: string;
  keyFile: string;
  users?: readonly DemoUser[];
  password?: string;
  clients?: readonly OidcClient[];
  accessTokenTtlSeconds?: number;
}

export interface EmbeddedIssuer {
  router: Router;
  /** The `iss` of its tokens: `<baseUrl>/realms/csm`. */
  issuer: string;
  jwks: { keys: JWK[] };
  /** Signs an access token with the issuer's key: for tests and benchmarks that need many users. */
  signToken(claims: JWTPayload & { sub: string }, ttlSeconds?: number): Promise<string>;
}

const REALM_PATH = '/realms/csm';
const CODE_TTL_MS = 60_000;

interface PendingCode {
  user: DemoUser;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  expiresAt: number;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const oauthError = (res: Response, status: number, error: string, description: string): void => {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
};

export const createEmbeddedIssuer = async (options: EmbeddedIssuerOptions): Promise<EmbeddedIssuer> => {
  const issuer = `${options.baseUrl}${REALM_PATH}`;
  const key = await loadOrCreateSigningKey(options.keyFile);
  const jwks = { keys: [{ ...key.publicJwk, kid: key.kid, alg: 'RS256', use: 'sig' }] };
  const users = options.users ?? DEMO_USERS;
  const clients = options.clients ?? [PORTAL_CLIENT];
  const ttl = options.accessTokenTtlSeconds ?? 300;
  const salt = randomBytes(16);
  const passwordHash = scryptSync(options.password ?? DEMO_PASSWORD, salt, 32);
  const codes = new Map<string, PendingCode>();
  const localKeys = createLocalJWKSet(jwks);

  const checkPassword = (username: string, password: string): DemoUser | undefined => {
    const user = users.find((u) => u.username === username);
    // Hash even for unknown users so the timing does not reveal which usernames exist.
    const matches = timingSafeEqual(scryptSync(password, salt, 32), passwordHash);
    return user && matches ? user : undefined;
  };

  const sign = (claims: JWTPayload & { sub: string }, ttlSeconds: number) =>
    new SignJWT({ typ: 'Bearer', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(key.privateKey);

  const accessClaims = (user: DemoUser, clientId: string, scope: string): JWTPayload & { sub: string } => ({
    sub: user.subject,
    aud: API_AUDIENCE,
    azp: clientId,
    scope,
    preferred_username: user.username,
    email: user.email,
    name: user.name,
    realm_access: { roles: user.roles },
    ...(user.organizationId ? { org_id: user.organizationId } : {}),
    ...(user.countyCode ? { county_code: user.countyCode } : {}),
  });

  const tokenResponse = async (res: Response, user: DemoUser, clientId: string, scope: string) => {
    const accessToken = await sign(accessClaims(user, clientId, scope), ttl);
    const refreshToken = await sign({ sub: user.subject, aud: issuer, azp: clientId, typ: 'Refresh', scope }, 1800);
    const idToken = scope.split(' ').includes('openid')
      ? await sign({ sub: user.subject, aud: clientId, typ: 'ID', preferred_username: user.username, email: user.email, name: user.name }, ttl)
      : undefined;
    res.set('Cache-Control', 'no-store').json({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      refresh_token: refreshToken,
      refresh_expires_in: 1800,
      scope,
      ...(idToken ? { id_token: idToken } : {}),
    });
  };

  const router = express.Router();
  const realm = express.Router();
  router.use(REALM_PATH, realm);
  realm.use(express.urlencoded({ extended: false, limit: '16kb' }));

  realm.get('/.well-known/openid-configuration', (_req, res) => {
    const oidc = `${issuer}/protocol/openid-connect`;
    res.json({
      issuer,
      authorization_endpoint: `${oidc}/auth`,
      token_endpoint: `${oidc}/token`,
      userinfo_endpoint: `${oidc}/userinfo`,
      jwks_uri: `${oidc}/certs`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'password', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post'],
    });
  });

  realm.get('/protocol/openid-connect/certs', (_req, res) => {
    res.json(jwks);
  });

  /** Checks the authorization request; answers the error itself and returns undefined if bad. */
  const authorizationRequest = (req: Request, res: Response) => {
    const source = (req.method === 'GET' ? req.query : req.body) as Record<string, string | undefined>;
    const client = clients.find((c) => c.clientId === source.client_id);
    if (!client || !source.redirect_uri || !client.redirectUris.includes(source.redirect_uri)) {
      // Never redirect to an unregistered URI: answer here.
      oauthError(res, 400, 'invalid_request', 'Unknown client or redirect_uri not registered for it');
      return undefined;
    }
    if (source.response_type !== 'code' || source.code_challenge_method !== 'S256' || !/^[A-Za-z0-9_-]{43,128}$/.test(source.code_challenge ?? '')) {
      oauthError(res, 400, 'invalid_request', 'response_type=code with a PKCE S256 code_challenge is required');
      return undefined;
    }
    return {
      clientId: client.clientId,
      redirectUri: source.redirect_uri,
      codeChallenge: source.code_challenge!,
      state: source.state ?? '',
      scope: source.scope ?? 'openid',
    };
  };

  const loginPage = (params: NonNullable<ReturnType<typeof authorizationRequest>>, message = '') => {
    const hidden = Object.entries({
      client_id: params.clientId,
      redirect_uri: params.redirectUri,
      code_challenge: params.codeChallenge,
      code_challenge_method: 'S256',
      response_type: 'code',
      state: params.state,
      scope: params.scope,
    })
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
      .join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to CSM</title></head><body>
<main><h1>Sign in to the Citizen Support Mechanism</h1>${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post">${hidden}
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></main></body></html>`;
  };

  const sendLoginPage = (res: Response, html: string, status = 200) => {
    res
      .status(status)
      .set({ 'Content-Security-Policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'", 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' })
      .type('html')
      .send(html);
  };

  realm.get('/protocol/openid-connect/auth', (req, res) => {
    const params = authorizationRequest(req, res);
    if (params) sendLoginPage(res, loginPage(params));
  });

  realm.post('/protocol/openid-connect/auth', (req, res) => {
    const params = authorizationRequest(req, res);
    if (!params) return;
    const user = checkPassword(String(req.body.username ?? ''), String(req.body.password ?? ''));
    if (!user) return sendLoginPage(res, loginPage(params, 'Invalid username or password.'), 401);
    const code = randomBytes(32).toString('base64url');
    codes.set(code, { user, clientId: params.clientId, redirectUri: params.redirectUri, codeChallenge: params.codeChallenge, scope: params.scope, expiresAt: Date.now() + CODE_TTL_MS });
    const target = new URL(params.redirectUri);
    target.searchParams.set('code', code);
    if (params.state) target.searchParams.set('state', params.state);
    target.searchParams.set('iss', issuer);
    res.redirect(302, target.toString());
  });

  realm.post('/protocol/openid-connect/token', async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const client = clients.find((c) => c.clientId === body.client_id);
    if (!client || (client.secret !== undefined && body.client_secret !== client.secret)) {
      return oauthError(res, 401, 'invalid_client', 'Unknown client or wrong credentials');
    }
    switch (body.grant_type) {
      case 'authorization_code': {
        const pending = body.code ? codes.get(body.code) : undefined;
        if (body.code) codes.delete(body.code); // single use, even when the exchange fails
        if (!pending || pending.expiresAt < Date.now() || pending.clientId !== client.clientId || pending.redirectUri !== body.redirect_uri) {
          return oauthError(res, 400, 'invalid_grant', 'The code is unknown, used, expired, or for another client or redirect_uri');
        }
        const challenge = createHash('sha256').update(body.code_verifier ?? '').digest('base64url');
        if (!body.code_verifier || challenge !== pending.codeChallenge) {
          return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed');
        }
        return tokenResponse(res, pending.user, client.clientId, pending.scope);
      }
      case 'password': {
        if (!client.directAccessGrants) return oauthError(res, 400, 'unauthorized_client', 'Direct access grants are disabled for this client');
        const user = checkPassword(body.username ?? '', body.password ?? '');
        if (!user) return oauthError(res, 401, 'invalid_grant', 'Invalid user credentials');
        return tokenResponse(res, user, client.clientId, body.scope ?? 'openid');
      }
      case 'refresh_token': {
        try {
          const { payload } = await jwtVerify(body.refresh_token ?? '', localKeys, { issuer, audience: issuer });
          const user = users.find((u) => u.subject === payload.sub);
          if (payload.typ !== 'Refresh' || payload.azp !== client.clientId || !user) throw new Error('not a refresh token of this client');
          return tokenResponse(res, user, client.clientId, String(payload.scope ?? 'openid'));
        } catch {
          return oauthError(res, 400, 'invalid_grant', 'Invalid refresh token');
        }
      }
      default:
        return oauthError(res, 400, 'unsupported_grant_type', 'Supported: authorization_code, password, refresh_token');
    }
  });

  realm.get('/protocol/openid-connect/userinfo', async (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    try {
      const { payload } = await jwtVerify(token ?? '', localKeys, { issuer, audience: API_AUDIENCE });
      res.json({ sub: payload.sub, preferred_username: payload.preferred_username, email: payload.email, name: payload.name });
    } catch {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid_token' });
    }
  });

  return { router, issuer, jwks, signToken: (claims, ttlSeconds = ttl) => sign(claims, ttlSeconds) };
};
