import express from 'express';
import { z } from 'zod';
import { configurationFrom, OtlpEndpoint, serveUntilSignalled } from '@csm/http';
import { startTelemetry, traceRequests } from '@csm/telemetry';
import { createPortalApp } from './portal-app';
import { MongoSessionStore } from './sign-in/mongo-session-store';
import { loadCountyShapes } from './journeys/county-plans/county-map';

/**
 * The portal as one container runs it in production: configuration from the environment (parsed
 * once, failing at start with the variable's name), the session store shared by every replica in
 * the read-model database, then the app. The portal owns no data: it reaches the services
 * through their public URLs and signs people in at the issuer (Keycloak).
 */
const Config = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** All interfaces in a container; tests bind loopback. */
  HOST: z.string().default('0.0.0.0'),
  /** The services' public HTTP APIs, as any client reaches them. */
  CSM_REGISTRATION_URL: z.url('CSM_REGISTRATION_URL must be the registration service URL, e.g. http://registration:8080'),
  CSM_PROPOSALS_URL: z.url('CSM_PROPOSALS_URL must be the proposals service URL, e.g. http://proposals:8080'),
  /** The county-plans service's HTTP API; without it the County Action Plans pages say the service is unavailable. */
  CSM_COUNTY_PLANS_URL: z.url('CSM_COUNTY_PLANS_URL must be the county-plans service URL, e.g. http://county-plans:8080').optional(),
  /** The resources service's HTTP API (the library); without it the library pages say the service is unavailable. */
  CSM_RESOURCES_URL: z.url('CSM_RESOURCES_URL must be the resources service URL, e.g. http://resources:8080').optional(),
  /** The same realm URL the services verify tokens against. */
  OIDC_ISSUER: z.url('OIDC_ISSUER must be the realm URL, e.g. https://id.example/realms/csm'),
  CSM_PORTAL_CLIENT_ID: z.string().min(1).default('csm-portal'),
  /** Where people reach the portal; the issuer sends them back to `<CSM_PORTAL_URL>/callback`. */
  CSM_PORTAL_URL: z.url('CSM_PORTAL_URL must be the portal’s public URL, e.g. https://csm.example').transform((url) => url.replace(/\/+$/, '')),
  MONGODB_URI: z.string().min(1, 'MONGODB_URI is required (sessions are shared by replicas in the read-model database)'),
  CSM_PORTAL_DATABASE: z.string().min(1).default('csm_portal'),
  /** A GeoJSON FeatureCollection of county polygons for the map; without it the map draws a tile per county. */
  CSM_COUNTY_GEOJSON: z.string().min(1).optional(),
  /** The feature property holding the county code (001–047) in that file. */
  CSM_COUNTY_GEOJSON_PROPERTY: z.string().min(1).default('code'),
  /** The OpenTelemetry collector's OTLP/HTTP URL; unset, no span is exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: OtlpEndpoint,
});

const main = async () => {
  const config = configurationFrom(Config, process.env);
  let countyShapes: ReturnType<typeof loadCountyShapes> | undefined;
  try {
    countyShapes = config.CSM_COUNTY_GEOJSON ? loadCountyShapes(config.CSM_COUNTY_GEOJSON, config.CSM_COUNTY_GEOJSON_PROPERTY) : undefined;
  } catch (error) {
    console.error(`Invalid configuration: CSM_COUNTY_GEOJSON ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  const telemetry = startTelemetry({ serviceName: 'portal', ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}) });
  const sessions = await MongoSessionStore.connect(config.MONGODB_URI, config.CSM_PORTAL_DATABASE);
  const app = express();
  app.disable('x-powered-by');
  // A span per page request; the service client sends its traceparent, so a form posted in the
  // portal and the command it becomes are one trace.
  app.use(traceRequests);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready while the sessions can be read: without them nobody can sign in or stay signed in.
  app.get('/readyz', async (_req, res) => {
    try {
      await sessions.ping();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'session store unreachable' });
    }
  });
  app.use(
    createPortalApp({
      registrationUrl: config.CSM_REGISTRATION_URL,
      proposalsUrl: config.CSM_PROPOSALS_URL,
      ...(config.CSM_COUNTY_PLANS_URL ? { countyPlansUrl: config.CSM_COUNTY_PLANS_URL } : {}),
      ...(config.CSM_RESOURCES_URL ? { resourcesUrl: config.CSM_RESOURCES_URL } : {}),
      signIn: { issuer: config.OIDC_ISSUER, clientId: config.CSM_PORTAL_CLIENT_ID, portalUrl: config.CSM_PORTAL_URL, sessions },
      ...(countyShapes ? { countyShapes } : {}),
    }),
  );
  await serveUntilSignalled(app, { name: 'portal', port: config.PORT, host: config.HOST, stop: async () => {
      try {
        await sessions.close();
      } finally {
        await telemetry.shutdown();
      }
    },
  });
};

main().catch((error) => {
  console.error('[portal] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
