import { randomBytes } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { negotiateLanguage } from '../i18n/messages';
import { CONTENT_SECURITY_POLICY } from '../security-headers';
import { cookieValue, LANGUAGE_COOKIE, safeReturnPath } from '../page-context';
import type { Render } from '../render';
import type { Session, SessionStore, SignedInPerson } from './session-store';

export const SESSION_COOKIE = 'csm_session';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export interface SignInOptions {
  /** The issuer (`…/realms/csm`), embedded or Keycloak. */
  issuer: string;
  clientId: string;
  /** The portal's own URL; the issuer sends people back to `<portalUrl>/callback`. */
  portalUrl: string;
  sessions: SessionStore;
}

/** The page's language, passed to the issuer (`ui_locales`) so its login and logout pages speak it too. */
const pageLanguage = (req: Request) => negotiateLanguage(cookieValue(req, LANGUAGE_COOKIE), req.headers['accept-language']);

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
/** Tokens this close to expiry are refreshed before a call, so a service never sees one expire mid-request. */
const REFRESH_MARGIN_MS = 30_000;

/** The person can no longer be served without signing in again (no session, refresh refused). */
export class SignInRequiredError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SignInRequiredError';
  }
}

type TokenResponse = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

/** The session's tokens from a token response; a refresh that returns no new refresh token keeps the old one. */
const tokensOf = (tokens: TokenResponse, previous?: Session['tokens']): NonNullable<Session['tokens']> => {
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const idToken = tokens.id_token ?? previous?.idToken;
  return {
    accessToken: tokens.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(idToken ? { idToken } : {}),
    ...(tokens.expires_in ? { expiresAt: Date.now() + tokens.expires_in * 1000 } : {}),
  };
};

/** Who the access token says this is (read, not trusted: the services verify every call). */
const personOf = (accessToken: string, idClaims: oidc.IDToken | undefined): SignedInPerson => {
  const claims = decodeJwt(accessToken) as { preferred_username?: unknown; sub?: unknown; realm_access?: { roles?: unknown }; org_id?: unknown; county_code?: unknown };
  const username = idClaims?.preferred_username ?? claims.preferred_username;
  const roles = Array.isArray(claims.realm_access?.roles) ? claims.realm_access.roles.filter((role): role is string => typeof role === 'string') : [];
  return {
    name: typeof username === 'string' ? username : String(idClaims?.sub ?? claims.sub ?? ''),
    roles,
    ...(typeof claims.org_id === 'string' ? { organizationId: claims.org_id } : {}),
    ...(typeof claims.county_code === 'string' ? { countyCode: claims.county_code } : {}),
  };
};

/**
 * Sign-in by OpenID Connect authorization code + PKCE. The session id is the only thing the
 * browser holds (HttpOnly, SameSite=Lax, Secure outside loopback); the tokens stay here.
 */
export interface SignInParts {
  loadSession: RequestHandler;
  routes: Router;
  /** Before a page for signed-in people: without a session, off to the issuer and back here. */
  requireSignIn: RequestHandler;
  /** The person's access token, refreshed first when it is about to expire. */
  accessToken: (res: Response) => Promise<string>;
  /** Keeps changes to `res.locals.session` (the positions a page recorded). */
  saveSession: (res: Response) => Promise<void>;
}

export const signIn = (options: SignInOptions, render: Render): SignInParts => {
  let configuration: Promise<oidc.Configuration> | undefined;
  // Discovered on first use, so the portal starts even while the issuer is still starting.
  const discover = () =>
    (configuration ??= oidc
      .discovery(new URL(options.issuer), options.clientId, undefined, oidc.None(), isLoopback(options.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      }));
  const redirectUri = `${options.portalUrl}/callback`;
  // A signed-in page carries the sign-out form, whose answer redirects to the issuer's logout:
  // browsers apply form-action to every redirect of a form's navigation, so the issuer is allowed.
  const signedInPolicy = CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${new URL(options.issuer).origin}`);
  const secure = !isLoopback(options.portalUrl);

  const save = async (res: Response, session: Session) => {
    let id = res.locals.sessionId as string | undefined;
    if (!id) {
      id = randomBytes(32).toString('base64url');
      res.locals.sessionId = id;
    }
    await options.sessions.set(id, session, SESSION_TTL_MS);
    res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_TTL_MS });
  };
  /** A new id whenever the person signed in changes (no session fixation). */
  const renew = async (req: Request, res: Response, session: Session) => {
    const old = res.locals.sessionId as string | undefined;
    if (old) await options.sessions.delete(old);
    res.locals.sessionId = undefined;
    await save(res, session);
  };

  const loadSession: RequestHandler = async (req, res, next) => {
    const id = cookieValue(req, SESSION_COOKIE);
    const session = id ? await options.sessions.get(id) : undefined;
    if (id && session) {
      res.locals.sessionId = id;
      res.locals.session = session;
      if (session.user) {
        res.locals.user = session.user;
        res.set('Content-Security-Policy', signedInPolicy);
      }
      if (session.csrfToken) res.locals.csrfToken = session.csrfToken;
    }
    res.locals.signInAvailable = true;
    next();
  };

  const routes = Router();
  routes.get('/signin', async (req, res) => {
    const config = await discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const session: Session = { ...(res.locals.session as Session | undefined), pendingSignIn: { state, codeVerifier, back: safeReturnPath(req.query.back) } };
    await save(res, session);
    const target = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ui_locales: pageLanguage(req),
    });
    res.redirect(303, target.href);
  });

  routes.get('/callback', async (req, res) => {
    const session = res.locals.session as Session | undefined;
    const pending = session?.pendingSignIn;
    if (!pending) return res.redirect(303, '/signin');
    const config = await discover();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, new URL(req.originalUrl, options.portalUrl), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
      });
    } catch (error) {
      // A forged or stale callback (wrong state, used code, refused grant): nobody is signed in.
      if (!(error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError || (error as { code?: string }).code?.startsWith('OAUTH_'))) throw error;
      await save(res, { ...session, pendingSignIn: undefined });
      return render(req, res, 'sign-in-failed', {}, 400);
    }
    await renew(req, res, {
      user: personOf(tokens.access_token, tokens.claims()),
      csrfToken: randomBytes(32).toString('base64url'),
      tokens: tokensOf(tokens),
    });
    return res.redirect(303, pending.back);
  });

  // A form post (the portal checks every post's CSRF token before it gets here), so another site
  // cannot sign people out. The session ends here and, when the issuer offers it, at the issuer.
  routes.post('/signout', async (req, res) => {
    const session = res.locals.session as Session | undefined;
    const id = res.locals.sessionId as string | undefined;
    if (id) await options.sessions.delete(id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    const config = await discover();
    if (!session?.tokens?.idToken || !config.serverMetadata().end_session_endpoint) return res.redirect(303, '/');
    const target = oidc.buildEndSessionUrl(config, {
      id_token_hint: session.tokens.idToken,
      post_logout_redirect_uri: `${options.portalUrl}/`,
      ui_locales: pageLanguage(req),
    });
    return res.redirect(303, target.href);
  });

  const requireSignIn: RequestHandler = (req, res, next) => {
    const session = res.locals.session as Session | undefined;
    if (session?.user && session.tokens) return next();
    // A form posted after the session ended cannot be replayed through a redirect: its page explains.
    if (req.method !== 'GET') return render(req, res, 'forbidden', {}, 403);
    return res.redirect(303, `/signin?back=${encodeURIComponent(req.originalUrl)}`);
  };

  const saveSession = async (res: Response) => {
    const session = res.locals.session as Session | undefined;
    if (session) await save(res, session);
  };

  const accessToken = async (res: Response): Promise<string> => {
    const session = res.locals.session as Session | undefined;
    const tokens = session?.tokens;
    if (!session || !tokens) throw new SignInRequiredError('not signed in');
    if (tokens.expiresAt === undefined || tokens.expiresAt - REFRESH_MARGIN_MS > Date.now()) return tokens.accessToken;
    if (!tokens.refreshToken) throw new SignInRequiredError('access token expired and no refresh token');
    try {
      const refreshed = await oidc.refreshTokenGrant(await discover(), tokens.refreshToken);
      session.tokens = tokensOf(refreshed, tokens);
      await save(res, session);
      return session.tokens.accessToken;
    } catch (error) {
      if (!(error instanceof oidc.ResponseBodyError)) throw error;
      // The issuer ended the session (logged out elsewhere, refresh expired): sign in again.
      const id = res.locals.sessionId as string | undefined;
      if (id) await options.sessions.delete(id);
      throw new SignInRequiredError(`refresh refused: ${error.error}`);
    }
  };

  return { loadSession, routes, requireSignIn, accessToken, saveSession };
};
