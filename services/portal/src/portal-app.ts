import { join } from 'node:path';
import compression from 'compression';
import express, { type ErrorRequestHandler } from 'express';
import { isLanguage } from './i18n/messages';
import { LANGUAGE_COOKIE, safeReturnPath } from './page-context';
import { createRenderer } from './render';
import { pageSecurityHeaders } from './security-headers';
import { checkedForms } from './forms/csrf';
import type { Journey } from './journeys/journey';
import { publicRoutes } from './journeys/public/public.routes';
import { applicationsJourney } from './journeys/applications/applications.journey';
import { organisationJourney } from './journeys/organisation/organisation.journey';
import { reviewJourney } from './journeys/review/review.routes';
import { donorJourney } from './journeys/donor/donor.routes';
import { auditJourney } from './journeys/audit/audit.routes';
import { verificationJourney } from './journeys/verification/verification.routes';
import { callsAdminJourney } from './journeys/calls-admin/calls-admin.routes';
import { countyPlansJourney } from './journeys/county-plans/county-plans.routes';
import { initiativesJourney } from './journeys/initiatives/initiatives.routes';
import { libraryJourney } from './journeys/library/library.routes';
import { accountJourney } from './sign-in/account.routes';
import { personApi, ServiceRefusedError, type Services } from './person-api';
import { ServiceClient, ServiceUnavailableError } from './service-client';
import { InMemorySessionStore, type SessionStore } from './sign-in/session-store';
import { signIn, SignInRequiredError } from './sign-in/sign-in.routes';
import type { CountyShapes } from './journeys/county-plans/county-map';

/** The signed-in journeys, each a folder under src/journeys with its routes, views and texts. */
const JOURNEYS: readonly Journey[] = [
  accountJourney,
  organisationJourney,
  applicationsJourney,
  verificationJourney,
  callsAdminJourney,
  reviewJourney,
  donorJourney,
  auditJourney,
  countyPlansJourney,
  initiativesJourney,
  libraryJourney,
];

export interface PortalOptions {
  /** The services' public HTTP APIs: the portal owns no data and reads no database. */
  registrationUrl: string;
  proposalsUrl: string;
  /** County Action Plans; without it (a platform of registration and proposals only) its pages say the service is unavailable. */
  countyPlansUrl?: string;
  /** The library (resources); without it the library pages say the service is unavailable. */
  resourcesUrl?: string;
  /** Sign-in by OIDC code + PKCE; without it the pages are the public ones only. */
  signIn?: { issuer: string; clientId: string; portalUrl: string; sessions?: SessionStore };
  log?: (message: string, error?: unknown) => void;
  /** The embedded platform's demo accounts exist: the home page lists them, so a newcomer can try every journey. */
  demoAccounts?: boolean;
  /** County boundaries for the map, read at start from the operator's GeoJSON (`loadCountyShapes`); without them, tiles. */
  countyShapes?: CountyShapes;
}

const HTMX = require.resolve('htmx.org/dist/htmx.min.js');
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The web front end for people: server-rendered pages over the services' APIs. */
export const createPortalApp = (options: PortalOptions): express.Express => {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const render = createRenderer();
  const services: Services = {
    registration: new ServiceClient('registration', options.registrationUrl),
    proposals: new ServiceClient('proposals', options.proposalsUrl),
    countyPlans: new ServiceClient('county-plans', options.countyPlansUrl ?? 'http://county-plans.invalid/'),
    resources: new ServiceClient('resources', options.resourcesUrl ?? 'http://resources.invalid/'),
  };
  const app = express();
  app.disable('x-powered-by');
  // Phones on slow networks: every page and asset compressed (a page's first load stays under 100 KB).
  app.use(compression());
  app.use(pageSecurityHeaders);
  app.use('/assets', express.static(join(__dirname, 'public'), { maxAge: '1h', index: false }));
  // htmx, served from our own origin (the CSP allows no other), only ever as an enhancement.
  app.get('/assets/htmx.min.js', (_req, res) => res.set('Cache-Control', 'public, max-age=86400').sendFile(HTMX));

  // The language switch is a plain link: it works without JavaScript and is remembered for a year.
  app.get('/language/:lang', (req, res) => {
    const back = safeReturnPath(req.query.back);
    if (isLanguage(req.params.lang)) {
      res.cookie(LANGUAGE_COOKIE, req.params.lang, { httpOnly: true, sameSite: 'lax', maxAge: ONE_YEAR_MS, path: '/' });
    }
    res.redirect(303, back);
  });

  const navigation = JOURNEYS.flatMap((journey) => journey.navigation);
  app.use((_req, res, next) => {
    res.locals.navigation = navigation;
    next();
  });
  if (options.signIn) {
    const sign = signIn({ ...options.signIn, sessions: options.signIn.sessions ?? new InMemorySessionStore() }, render);
    app.use(sign.loadSession);
    app.use(checkedForms(render));
    app.use(sign.routes);
    const tools = { services, render, requireSignIn: sign.requireSignIn, api: (res: express.Response) => personApi(services, sign, res), saveSession: sign.saveSession, ...(options.countyShapes ? { countyShapes: options.countyShapes } : {}) };
    for (const journey of JOURNEYS) app.use(journey.routes(tools));
  }
  app.use(publicRoutes(services, render, options.demoAccounts === true));

  app.use((req, res) => render(req, res, 'not-found', {}, 404));
  const signInAgain = (req: express.Request, res: express.Response) =>
    req.method === 'GET' ? res.redirect(303, `/signin?back=${encodeURIComponent(req.originalUrl)}`) : render(req, res, 'forbidden', {}, 403);
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    if (res.headersSent) return log(`[portal] ${req.method} ${req.path} failed after the answer began`, error);
    if (error instanceof SignInRequiredError) return signInAgain(req, res);
    if (error instanceof ServiceRefusedError) {
      const { status } = error.problem;
      if (status === 401) return signInAgain(req, res);
      if (status === 403) return render(req, res, 'not-allowed', {}, 403);
      if (status === 404) return render(req, res, 'not-found', {}, 404);
    }
    log(`[portal] ${req.method} ${req.path} failed`, error);
    const unavailable = error instanceof ServiceUnavailableError || (error instanceof ServiceRefusedError && error.problem.status === 503);
    return render(req, res, 'unavailable', {}, unavailable ? 503 : 500);
  };
  app.use(onError);
  return app;
};
