import { join } from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import { isLanguage } from './i18n/messages';
import { LANGUAGE_COOKIE, safeReturnPath } from './page-context';
import { createRenderer } from './render';
import { pageSecurityHeaders } from './security-headers';
import { ServiceClient, ServiceUnavailableError } from './service-client';
import { publicRoutes } from './journeys/public/public.routes';
import { InMemorySessionStore, type SessionStore } from './sign-in/session-store';
import { signIn } from './sign-in/sign-in.routes';

export interface PortalOptions {
  /** The services' public HTTP APIs: the portal owns no data and reads no database. */
  registrationUrl: string;
  proposalsUrl: string;
  /** Sign-in by OIDC code + PKCE; without it the pages are the public ones only. */
  signIn?: { issuer: string; clientId: string; portalUrl: string; sessions?: SessionStore };
  log?: (message: string, error?: unknown) => void;
}

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The web front end for people: server-rendered pages over the services' APIs. */
export const createPortalApp = (options: PortalOptions): express.Express => {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const render = createRenderer();
  const services = {
    registration: new ServiceClient('registration', options.registrationUrl),
    proposals: new ServiceClient('proposals', options.proposalsUrl),
  };
  const app = express();
  app.disable('x-powered-by');
  app.use(pageSecurityHeaders);
  app.use('/assets', express.static(join(__dirname, 'public'), { maxAge: '1h', index: false }));

  // The language switch is a plain link: it works without JavaScript and is remembered for a year.
  app.get('/language/:lang', (req, res) => {
    const back = safeReturnPath(req.query.back);
    if (isLanguage(req.params.lang)) {
      res.cookie(LANGUAGE_COOKIE, req.params.lang, { httpOnly: true, sameSite: 'lax', maxAge: ONE_YEAR_MS, path: '/' });
    }
    res.redirect(303, back);
  });

  if (options.signIn) {
    const { loadSession, routes } = signIn({ ...options.signIn, sessions: options.signIn.sessions ?? new InMemorySessionStore() }, render);
    app.use(loadSession);
    app.use(routes);
  }
  app.use(publicRoutes(services, render));

  app.use((req, res) => render(req, res, 'not-found', {}, 404));
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    log(`[portal] ${req.method} ${req.path} failed`, error);
    if (res.headersSent) return;
    render(req, res, 'unavailable', {}, error instanceof ServiceUnavailableError ? 503 : 500);
  };
  app.use(onError);
  return app;
};
