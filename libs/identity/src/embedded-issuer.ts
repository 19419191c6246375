import { createHash, randomBytes, randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { compactVerify, createLocalJWKSet, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { authenticateClient } from './client-authentication';
import { DEMO_PASSWORD, DEMO_USERS, PORTAL_CLIENT, API_AUDIENCE, type DemoUser, type OidcClient } from './demo-users';
import {
  DEFAULT_SCOPE,
  idTokenClaims,
  refreshTokenClaims,
  serviceAccountClaims,
  userAccessClaims,
  userinfoClaims,
  type KeycloakAccessTokenClaims,
} from './keycloak-claims';
import { renderLoginPage, renderSignedOutPage, sendLoginPage } from './login-page';
import { DEFAULT_LOGIN_LOCALE, isLoginLocale, LOGIN_LOCALES, localeFromUiLocales, type LoginLocale } from './login-messages';
import { loadOrCreateSigningKey } from './signing-key';
import { userCredentials } from './user-credentials';

/**
 * A local OpenID Connect issuer for the embedded default. It serves Keycloak's paths under
 * `/realms/csm` with the same claims (realm_access.roles, org_id, county_code, audience csm-api),
 * so services verify its tokens exactly as they verify Keycloak's: through the JWKS URL.
 * Flows: authorization code with PKCE (S256 only) for the portal; the password grant for
 * scripts, tests and the bench; refresh tokens; client_credentials for confidential clients;
 * RP-initiated logout. Like Keycloak, every sign-in opens an issuer session (`sid` in its
 * tokens): refresh works only while it lasts, and logout or `endSessionsOf` ends it. Sessions
 * live in memory, so a restart of the issuer asks everyone to sign in again.
 */
export interface EmbeddedIssuerOptions {
  /** Where the issuer is reached, e.g. http://127.0.0.1:8180 (without /realms/csm). */
  baseUrl: string;
  /** The RSA signing key as a private JWK; created with its folder on first start. */
  keyFile: string;
  users?: readonly DemoUser[];
  /** The password of every user; DEMO_PASSWORD by default (demo only). */
  password?: string;
  /** Default: the portal with its localhost redirect URIs (`portalClient([...])` for others). */
  clients?: readonly OidcClient[];
  /** Lifetime of access and id tokens; 300 s (Keycloak's default). Tests shorten it to see refresh at work. */
  accessTokenTtlSeconds?: number;
}

export interface EmbeddedIssuer {
  router: Router;
  /** The `iss` of its tokens: `<baseUrl>/realms/csm`. */
  issuer: string;
  jwks: { keys: JWK[] };
  /**
   * Signs an access token with the issuer's key. Starts from the claims the issuer would give
   * the demo user named by `sub` or `preferred_username` (or bare Keycloak defaults for anyone
   * else), then applies `claimsOverride`; `exp`, `iat`, `iss`, `aud` may be overridden too, for
   * tests of expiry and audience. For tests and benchmarks that need many users.
   */
  signToken(claimsOverride?: KeycloakAccessTokenClaims, ttlSeconds?: number): Promise<string>;
  /**
   * Ends every issuer session of a user (by username or subject), as "Sign out" of a user in
   * Keycloak's admin console does: their refresh tokens are refused from then on. Returns how
   * many sessions ended.
   */
  endSessionsOf(user: string): number;
}

const REALM_PATH = '/realms/csm';
const CODE_TTL_MS = 60_000;
const REFRESH_TTL_SECONDS = 1800;

/** One sign-in at the issuer (Keycloak's user session), named by the `sid` of its tokens. */
interface IssuerSession {
  subject: string;
  expiresAt: number;
}

interface PendingCode {
  user: DemoUser;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  nonce?: string;
  expiresAt: number;
}

class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

const sendOAuthError = (res: Response, { status, error, description }: OAuthError): void => {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
};

/** OAuth parameters as single strings; RFC 6749 §3.1 forbids sending one twice. */
const singleParams = (source: unknown): Record<string, string> => {
  if (source === undefined || source === null || typeof source !== 'object') {
    throw new OAuthError(400, 'invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
  }
  // Null prototype: parameter names come from the request (`__proto__`, `constructor`).
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(source)) {
    if (typeof value !== 'string') throw new OAuthError(400, 'invalid_request', `Parameter ${name} is repeated or not a string`);
    params[name] = value;
  }
  return params;
};

const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

// RFC 7636 §4.1: 43 to 128 characters of the unreserved set; a challenge (base64url of SHA-256) is 43.
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export const createEmbeddedIssuer = async (options: EmbeddedIssuerOptions): Promise<EmbeddedIssuer> => {
  const issuer = `${options.baseUrl.replace(/\/+$/, '')}${REALM_PATH}`;
  const key = await loadOrCreateSigningKey(options.keyFile);
  const jwks = { keys: [{ ...key.publicJwk, kid: key.kid }] };
  const localKeys = createLocalJWKSet(jwks);
  const users = options.users ?? DEMO_USERS;
  const clients = options.clients ?? [PORTAL_CLIENT];
  const ttl = options.accessTokenTtlSeconds ?? 300;
  const credentials = await userCredentials(users, options.password ?? DEMO_PASSWORD);
  const codes = new Map<string, PendingCode>();
  const sessions = new Map<string, IssuerSession>();

  const openSession = (user: DemoUser): string => {
    const now = Date.now();
    for (const [sid, session] of sessions) if (session.expiresAt <= now) sessions.delete(sid);
    const sid = randomUUID();
    sessions.set(sid, { subject: user.subject, expiresAt: now + REFRESH_TTL_SECONDS * 1000 });
    return sid;
  };
  /** A session still open for this subject: its lifetime is renewed, as each refresh keeps Keycloak's session alive. */
  const activeSession = (sid: unknown, subject: unknown): boolean => {
    const session = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (!session || session.subject !== subject || session.expiresAt <= Date.now()) return false;
    session.expiresAt = Date.now() + REFRESH_TTL_SECONDS * 1000;
    return true;
  };

  const sign = (claims: JWTPayload, ttlSeconds: number): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuer, iat: now, exp: now + ttlSeconds, jti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  };

  const tokenResponse = async (res: Response, user: DemoUser, client: OidcClient, scope: string, sid: string, nonce?: string) => {
    const idToken = scope.split(' ').includes('openid') ? await sign({ ...idTokenClaims(user, client.clientId, nonce), sid }, ttl) : undefined;
    res.set('Cache-Control', 'no-store').json({
      access_token: await sign({ ...userAccessClaims(user, client.clientId, scope), sid }, ttl),
      token_type: 'Bearer',
      expires_in: ttl,
      refresh_token: await sign({ ...refreshTokenClaims(user, client.clientId, scope, issuer), sid }, REFRESH_TTL_SECONDS),
      refresh_expires_in: REFRESH_TTL_SECONDS,
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
      end_session_endpoint: `${oidc}/logout`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'password', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'azp', 'preferred_username', 'email', 'email_verified', 'name', 'realm_access', 'org_id', 'county_code'],
      authorization_response_iss_parameter_supported: true,
      ui_locales_supported: [...LOGIN_LOCALES],
    });
  });

  realm.get('/protocol/openid-connect/certs', (_req, res) => {
    res.json(jwks);
  });

  /** The authorization request, checked the same way on the GET that shows the form and the POST that submits it. */
  const authorizationRequest = (source: unknown) => {
    const params = singleParams(source);
    const client = clients.find((c) => c.clientId === params.client_id);
    // Never redirect to an unregistered URI, not even with an error: answer here.
    if (!client) throw new OAuthError(400, 'invalid_request', 'Unknown client_id');
    if (params.redirect_uri === undefined || !client.redirectUris.includes(params.redirect_uri)) {
      throw new OAuthError(400, 'invalid_request', 'redirect_uri is not registered for this client');
    }
    if (params.response_type !== 'code') throw new OAuthError(400, 'unsupported_response_type', 'Only response_type=code is supported');
    if (params.code_challenge_method !== 'S256' || !PKCE_CHALLENGE.test(params.code_challenge ?? '')) {
      throw new OAuthError(400, 'invalid_request', 'A PKCE code_challenge with code_challenge_method=S256 is required');
    }
    return {
      client_id: client.clientId,
      redirect_uri: params.redirect_uri,
      response_type: 'code',
      code_challenge: params.code_challenge!,
      code_challenge_method: 'S256',
      scope: params.scope ?? DEFAULT_SCOPE,
      ...(params.state !== undefined ? { state: params.state } : {}),
      ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
    };
  };

  /** OIDC `ui_locales` first (the portal passes the person's choice), then the browser's Accept-Language. */
  const loginLocale = (req: Request, uiLocales: string | undefined): LoginLocale => {
    const accepted = req.acceptsLanguages(...LOGIN_LOCALES);
    return localeFromUiLocales(uiLocales) ?? (accepted && isLoginLocale(accepted) ? accepted : DEFAULT_LOGIN_LOCALE);
  };

  realm.get('/protocol/openid-connect/auth', (req, res) => {
    try {
      const request = authorizationRequest(req.query);
      sendLoginPage(res, renderLoginPage(request, loginLocale(req, singleParams(req.query).ui_locales)));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendOAuthError(res, error);
    }
  });

  realm.post('/protocol/openid-connect/auth', async (req, res) => {
    let request: ReturnType<typeof authorizationRequest>;
    let login: Record<string, string>;
    try {
      login = singleParams(req.body);
      const { username: _username, password: _password, ui_locales: _uiLocales, ...rest } = login;
      request = authorizationRequest(rest);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return sendOAuthError(res, error);
    }
    const user = await credentials.check(login.username ?? '', login.password ?? '');
    if (!user) return sendLoginPage(res, renderLoginPage(request, loginLocale(req, login.ui_locales), 'invalidUserMessage'), 401);

    const now = Date.now();
    for (const [code, pending] of codes) if (pending.expiresAt < now) codes.delete(code);
    const code = randomBytes(32).toString('base64url');
    codes.set(code, {
      user,
      clientId: request.client_id,
      redirectUri: request.redirect_uri,
      codeChallenge: request.code_challenge,
      scope: request.scope,
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      expiresAt: now + CODE_TTL_MS,
    });
    const target = new URL(request.redirect_uri);
    target.searchParams.set('code', code);
    if (request.state !== undefined) target.searchParams.set('state', request.state);
    // RFC 9207: lets the client check which issuer answered (mix-up attacks).
    target.searchParams.set('iss', issuer);
    res.set('Cache-Control', 'no-store').redirect(302, target.toString());
  });

  const grants: Record<string, (params: Record<string, string>, client: OidcClient, res: Response) => Promise<void>> = {
    authorization_code: async (params, client, res) => {
      const pending = params.code !== undefined ? codes.get(params.code) : undefined;
      if (params.code !== undefined) codes.delete(params.code); // single use, even when the exchange fails
      if (!pending || pending.expiresAt < Date.now() || pending.clientId !== client.clientId || pending.redirectUri !== params.redirect_uri) {
        throw new OAuthError(400, 'invalid_grant', 'The code is unknown, used, expired, or was issued to another client or redirect_uri');
      }
      if (!PKCE_VERIFIER.test(params.code_verifier ?? '') || pkceChallenge(params.code_verifier!) !== pending.codeChallenge) {
        throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed');
      }
      await tokenResponse(res, pending.user, client, pending.scope, openSession(pending.user), pending.nonce);
    },
    password: async (params, client, res) => {
      if (!client.directAccessGrants) throw new OAuthError(400, 'unauthorized_client', 'Direct access grants are disabled for this client');
      const user = await credentials.check(params.username ?? '', params.password ?? '');
      if (!user) throw new OAuthError(401, 'invalid_grant', 'Invalid user credentials');
      await tokenResponse(res, user, client, params.scope ?? DEFAULT_SCOPE, openSession(user));
    },
    refresh_token: async (params, client, res) => {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(params.refresh_token ?? '', localKeys, { issuer, audience: issuer, algorithms: ['RS256'] }));
      } catch {
        throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
      }
      const user = users.find((u) => u.subject === payload.sub);
      if (payload.typ !== 'Refresh' || payload.azp !== client.clientId || !user) {
        throw new OAuthError(400, 'invalid_grant', 'Not a refresh token of this client');
      }
      // Keycloak's words when the user session was logged out or expired.
      if (!activeSession(payload.sid, user.subject)) throw new OAuthError(400, 'invalid_grant', 'Session not active');
      await tokenResponse(res, user, client, String(payload.scope ?? DEFAULT_SCOPE), payload.sid as string);
    },
    client_credentials: async (params, client, res) => {
      if (client.secret === undefined) throw new OAuthError(400, 'unauthorized_client', 'Only confidential clients have a service account');
      const scope = params.scope ?? 'profile email';
      // As Keycloak by default: no refresh token, the client simply asks again.
      res.set('Cache-Control', 'no-store').json({ access_token: await sign(serviceAccountClaims(client, scope), ttl), token_type: 'Bearer', expires_in: ttl, scope });
    },
  };

  realm.post('/protocol/openid-connect/token', async (req, res) => {
    try {
      const params = singleParams(req.body);
      const authenticated = authenticateClient(clients, req.get('authorization'), params);
      if (!authenticated.ok) {
        // RFC 6749 §5.2: a client that tried HTTP Basic is told which scheme to retry with.
        if (authenticated.usedBasic) res.set('WWW-Authenticate', 'Basic realm="csm"');
        throw new OAuthError(401, 'invalid_client', authenticated.description);
      }
      const grant = Object.hasOwn(grants, params.grant_type ?? '') ? grants[params.grant_type!] : undefined;
      if (!grant) throw new OAuthError(400, 'unsupported_grant_type', `Supported: ${Object.keys(grants).join(', ')}`);
      await grant(params, authenticated.client, res);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendOAuthError(res, error);
    }
  });

  realm.get('/protocol/openid-connect/userinfo', async (req, res) => {
    const token = /^bearer +(\S+)$/i.exec(req.get('authorization')?.trim() ?? '')?.[1];
    try {
      const { payload } = await jwtVerify<KeycloakAccessTokenClaims>(token ?? '', localKeys, { issuer, audience: API_AUDIENCE, algorithms: ['RS256'] });
      if (payload.typ !== 'Bearer') throw new Error('not an access token');
      res.set('Cache-Control', 'no-store').json(userinfoClaims(payload));
    } catch {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="csm", error="invalid_token"')
        .json({ error: 'invalid_token', error_description: 'A valid access token is required' });
    }
  });

  /**
   * The id token a client names in `id_token_hint`: signed by this issuer and typed `ID`. Its
   * expiry is not checked (OIDC RP-Initiated Logout §2: an expired hint still says who it was).
   */
  const idTokenHint = async (hint: string): Promise<JWTPayload> => {
    try {
      const { payload } = await compactVerify(hint, localKeys, { algorithms: ['RS256'] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
      if (claims.iss !== issuer || claims.typ !== 'ID') throw new Error('not an id token of this issuer');
      return claims;
    } catch {
      throw new OAuthError(400, 'invalid_request', 'id_token_hint is not an id token of this issuer');
    }
  };

  /**
   * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), Keycloak's path. Ends the issuer
   * session the id token names, then sends the person back to `post_logout_redirect_uri` when it
   * is registered for the client, or shows that they are signed out.
   */
  const logout = async (req: Request, res: Response, source: unknown) => {
    let params: Record<string, string>;
    let client: OidcClient | undefined;
    let hint: JWTPayload | undefined;
    try {
      params = singleParams(source);
      hint = params.id_token_hint !== undefined ? await idTokenHint(params.id_token_hint) : undefined;
      const clientId = params.client_id ?? (typeof hint?.azp === 'string' ? hint.azp : undefined);
      if (hint && params.client_id !== undefined && hint.azp !== params.client_id) throw new OAuthError(400, 'invalid_request', 'id_token_hint was issued to another client');
      client = clients.find((c) => c.clientId === clientId);
      const back = params.post_logout_redirect_uri;
      // Never redirect to an unregistered URI: answer here, and end nothing on a bad request.
      if (back !== undefined && (!client || !(client.postLogoutRedirectUris ?? []).includes(back))) {
        throw new OAuthError(400, 'invalid_request', 'post_logout_redirect_uri is not registered for this client');
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return sendOAuthError(res, error);
    }
    if (typeof hint?.sid === 'string') sessions.delete(hint.sid);
    if (params.post_logout_redirect_uri === undefined) {
      return sendLoginPage(res, renderSignedOutPage(loginLocale(req, params.ui_locales)));
    }
    const target = new URL(params.post_logout_redirect_uri);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    return res.set('Cache-Control', 'no-store').redirect(302, target.toString());
  };
  realm.get('/protocol/openid-connect/logout', (req, res) => logout(req, res, req.query));
  realm.post('/protocol/openid-connect/logout', (req, res) => logout(req, res, req.body));

  const endSessionsOf = (who: string): number => {
    const user = users.find((u) => u.username === who || u.subject === who);
    let ended = 0;
    for (const [sid, session] of sessions) {
      if (session.subject === user?.subject) {
        sessions.delete(sid);
        ended++;
      }
    }
    return ended;
  };

  const signToken = (claimsOverride: KeycloakAccessTokenClaims = {}, ttlSeconds = ttl): Promise<string> => {
    const user = users.find((u) =>
      claimsOverride.sub !== undefined ? u.subject === claimsOverride.sub : u.username === claimsOverride.preferred_username,
    );
    const base = user ? userAccessClaims(user, PORTAL_CLIENT.clientId, DEFAULT_SCOPE) : { typ: 'Bearer', aud: API_AUDIENCE, azp: PORTAL_CLIENT.clientId, scope: DEFAULT_SCOPE };
    const claims = { ...base, ...claimsOverride };
    if (claims.sub === undefined) throw new Error('signToken needs a sub, or the preferred_username of a known user');
    return sign(claims, ttlSeconds);
  };

  return { router, issuer, jwks, signToken, endSessionsOf };
};
