import { resolve } from 'node:path';
import { z } from 'zod';
import { Base64Secret32, Base64Secret32List, configurationFrom, OtlpEndpoint, PortUnavailableError } from '@csm/http';
import { startTelemetry } from '@csm/telemetry';
import { startEmbeddedPlatform } from '@csm/platform';
import { loadCountyShapes } from '@csm/portal';
import { seedDemoData } from './seed/demo-data';

/** `npm start`: the whole platform on its embedded default, with demo data on first start. */
const Config = z.object({
  CSM_DATA_DIR: z.string().default('./data'),
  CSM_HOST: z.string().default('127.0.0.1'),
  CSM_PORTAL_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CSM_IDENTITY_PORT: z.coerce.number().int().min(0).max(65535).default(8180),
  CSM_REGISTRATION_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  CSM_PROPOSALS_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  CSM_COUNTY_PLANS_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  CSM_RESOURCES_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  CSM_SEED: z.enum(['true', 'false']).default('true'),
  /** Optional: without them, both are generated once under <data>/keys on first start. */
  CSM_KEK: Base64Secret32('CSM_KEK').optional(),
  CSM_SUBJECT_ID_SECRET: Base64Secret32('CSM_SUBJECT_ID_SECRET').optional(),
  /** Optional: key-encryption keys rotated out (comma-separated), until `npm run kek:rotate` has re-wrapped every subject key. */
  CSM_KEK_PREVIOUS: Base64Secret32List('CSM_KEK_PREVIOUS'),
  /** Optional: a GeoJSON file of county polygons for the portal's map, and the property holding the county code. */
  CSM_COUNTY_GEOJSON: z.string().min(1).optional(),
  CSM_COUNTY_GEOJSON_PROPERTY: z.string().min(1).default('code'),
  /** Optional: an OpenTelemetry collector's OTLP/HTTP URL; the whole platform's spans go there as `csm-platform`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: OtlpEndpoint,
});

const main = async () => {
  const config = configurationFrom(Config, process.env);
  const dataDir = resolve(config.CSM_DATA_DIR);
  let countyShapes: ReturnType<typeof loadCountyShapes> | undefined;
  try {
    countyShapes = config.CSM_COUNTY_GEOJSON ? loadCountyShapes(config.CSM_COUNTY_GEOJSON, config.CSM_COUNTY_GEOJSON_PROPERTY) : undefined;
  } catch (error) {
    console.error(`Invalid configuration: CSM_COUNTY_GEOJSON ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  // Before the platform starts, so its first spans (and the seed's) are traced too.
  const telemetry = config.OTEL_EXPORTER_OTLP_ENDPOINT ? startTelemetry({ serviceName: 'csm-platform', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }) : undefined;
  console.log(`[csm] starting on the embedded default; data in ${dataDir}`);
  const platform = await startEmbeddedPlatform({
    dataDir,
    host: config.CSM_HOST,
    portalPort: config.CSM_PORTAL_PORT,
    identityPort: config.CSM_IDENTITY_PORT,
    registrationPort: config.CSM_REGISTRATION_PORT,
    proposalsPort: config.CSM_PROPOSALS_PORT,
    countyPlansPort: config.CSM_COUNTY_PLANS_PORT,
    resourcesPort: config.CSM_RESOURCES_PORT,
    portSettings: { portal: 'CSM_PORTAL_PORT', identity: 'CSM_IDENTITY_PORT', registration: 'CSM_REGISTRATION_PORT', proposals: 'CSM_PROPOSALS_PORT', countyPlans: 'CSM_COUNTY_PLANS_PORT', resources: 'CSM_RESOURCES_PORT' },
    ...(config.CSM_KEK ? { keyEncryptionKey: config.CSM_KEK } : {}),
    previousKeyEncryptionKeys: config.CSM_KEK_PREVIOUS,
    ...(config.CSM_SUBJECT_ID_SECRET ? { subjectIdSecret: config.CSM_SUBJECT_ID_SECRET } : {}),
    ...(countyShapes ? { countyShapes } : {}),
  });
  if (config.CSM_SEED === 'true') await seedDemoData(platform, (line) => console.log(`[seed] ${line}`), { reviewStage: true, counties: true });

  console.log(`
CSM is running (embedded default). Demo users: admin, reviewer, reviewer2, reviewer3, county, county2, secretariat,
cochair, partner, partner2, partner3, newcomer, auditor, donor — password "demo-password" (demo only). "newcomer" has no organisation
registered yet: use it to try POST /organizations.

  Portal (open this) ${platform.urls.portal}/
  Identity (OIDC)   ${platform.urls.issuer}/.well-known/openid-configuration
  Registration API  ${platform.urls.registration}/openapi.json
  Public directory  ${platform.urls.registration}/directory
  Proposals API     ${platform.urls.proposals}/openapi.json   (calls: ${platform.urls.proposals}/calls)
  County plans API  ${platform.urls.countyPlans}/openapi.json   (plans: ${platform.urls.countyPlans}/county-plans)
  Resources API     ${platform.urls.resources}/openapi.json   (library: ${platform.urls.resources}/resources, feed: ${platform.urls.resources}/feed.atom)
  Health            ${platform.urls.registration}/healthz  ${platform.urls.registration}/readyz

Get a token:  curl -s -d grant_type=password -d client_id=csm-portal -d username=admin -d password=demo-password \\
                ${platform.urls.issuer}/protocol/openid-connect/token
Stop with Ctrl+C; state is kept in ${dataDir}.`);

  const shutdown = async (signal: string) => {
    console.log(`[csm] ${signal}: stopping`);
    await platform.stop();
    await telemetry?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
};

main().catch((error) => {
  console.error('[csm] failed to start:', error instanceof Error ? error.message : error);
  // A taken port names itself and its variable; anything else is most often a damaged ./data.
  if (!(error instanceof PortUnavailableError)) console.error('[csm] if ./data is damaged, move it aside and start again.');
  process.exit(1);
});
