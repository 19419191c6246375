import express, { type Express, type RequestHandler } from 'express';
import { securityHeaders, requireJsonBody } from './security-headers';
import { errorMiddleware, notFoundMiddleware } from './error-middleware';
import { mountRoutes, type OrganizationMembership, type RouteSpec } from './routes';
import { buildOpenApi } from './openapi';
import { createServiceMetrics, type MetricSources } from './metrics';
import { traceRequests } from '@csm/telemetry';

export interface ReadinessCheck {
  name: string;
  /** Resolves with a detail when ready; throws (or rejects) with the reason when not. */
  check: () => Promise<string>;
}

export interface ServiceAppOptions {
  serviceName: string;
  version: string;
  /** Sets `req.principal` from the bearer token (libs/identity `authenticate`). */
  authenticate: RequestHandler;
  routes: readonly RouteSpec<any, any>[];
  readiness: readonly ReadinessCheck[];
  /** Largest accepted JSON body. */
  bodyLimit?: string;
  log?: (message: string, error?: unknown) => void;
  /** What /metrics reports besides request durations: projection positions and stalls, the log's head. */
  metrics?: MetricSources;
  /** The time commands are decided at; tests move it to cross deadlines without waiting. */
  clock?: () => Date;
  /** Confirms a token's `org_id` against the service's read model of members (see routes.ts). */
  membership?: OrganizationMembership;
}

/**
 * Every service's express app: security headers, body limits, JSON only, authentication,
 * the service's routes, `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, problem+json errors.
 */
export const createServiceApp = (options: ServiceAppOptions): Express => {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const metrics = createServiceMetrics(options.serviceName, options.metrics);
  const app = express();
  app.disable('x-powered-by');
  app.locals.clock = options.clock ?? (() => new Date());
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use(traceRequests, securityHeaders, metrics.middleware, requireJsonBody);
  app.use(express.json({ limit: options.bodyLimit ?? '64kb', strict: true }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.serviceName });
  });
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      options.readiness.map(async ({ name, check }) => {
        try {
          return { name, ready: true, detail: await check() };
        } catch (error) {
          return { name, ready: false, detail: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ready = results.every((r) => r.ready);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: results });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.render());
  });
  const openApi = buildOpenApi(`CSM ${options.serviceName} API`, options.version, options.routes);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  const router = express.Router();
  router.use(options.authenticate);
  mountRoutes(router, options.routes, options.membership);
  app.use(router);
  app.use(notFoundMiddleware);
  app.use(errorMiddleware(log));
  return app;
};
