import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import * as oidc from 'openid-client';
import { cookieValue, safeReturnPath } from '../page-context';
import type { Render } from '../render';
import type { Session, SessionStore } from './session-store';

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

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * Sign-in by OpenID Connect authorization code + PKCE. The session id is the only thing the
 * browser holds (HttpOnly, SameSite=Lax, Secure outside loopback); the tokens stay here.
 */
export const signIn = (options: SignInOptions, render: Render): { loadSession: RequestHandler; routes: Router } => {
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
      if (session.user) res.locals.user = session.user;
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
    const claims = tokens.claims();
    const name = typeof claims?.preferred_username === 'string' ? claims.preferred_username : String(claims?.sub ?? '');
    await renew(req, res, {
      user: { name },
      csrfToken: randomBytes(32).toString('base64url'),
      tokens: {
        accessToken: tokens.access_token,
        ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
        ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
        ...(tokens.expires_in ? { expiresAt: Date.now() + tokens.expires_in * 1000 } : {}),
      },
    });
    return res.redirect(303, pending.back);
  });

  // A form post carrying the session's CSRF token, so another site cannot sign people out.
  routes.post('/signout', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const session = res.locals.session as Session | undefined;
    const sent = Buffer.from(typeof req.body?.csrf === 'string' ? req.body.csrf : '');
    const expected = Buffer.from(session?.csrfToken ?? '');
    if (expected.length === 0 || sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      return render(req, res, 'forbidden', {}, 403);
    }
    const id = res.locals.sessionId as string | undefined;
    if (id) await options.sessions.delete(id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    return res.redirect(303, '/');
  });

  return { loadSession, routes };
};
