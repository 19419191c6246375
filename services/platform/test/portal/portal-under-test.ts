import { freePort, serviceUrl, startContainerEntry, type ServiceName } from '@csm/testkit';
import { startOnTheBus } from '@csm/testkit/bus';
import { startCountyPlansOnTheBus, startResourcesOnTheBus, startProposalsOnTheBus, startRegistrationOnTheBus } from '../support/services-on-the-bus';
// The same demo data `npm start` shows; scripts/ is no Nx project to import from.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedDemoData } from '../../../../scripts/seed/demo-data';
import { passwordToken, type EmbeddedPlatformOptions } from '../../src';
import { PrivateKeycloakRealm } from './private-keycloak-realm';
import { publishClarification, startSeededPlatform } from './seeded-platform';

/**
 * A running portal with the services behind it, as a browser journey sees it. The journeys are
 * written against this, so the same journey runs on the embedded platform and on the
 * production path (services on Kafka, the read-model database and real Keycloak).
 */
export interface PortalUnderTest {
  /** Which platform: part of test names and screenshot names. */
  name: 'embedded' | 'keycloak';
  portal: string;
  issuer: string;
  registration: string;
  proposals: string;
  /** The county-plans API, where the platform runs it (the production-path portal only when asked: `keycloakPortal({ countyPlans: true })`). */
  countyPlans?: string;
  /** A token of a demo user, to arrange what a journey starts from through the public API. */
  token: (username: string) => Promise<string>;
  /** Ends a user's sessions at the issuer, as an administrator does (their next token refresh is refused). */
  endIssuerSessions: (username: string) => Promise<void>;
  /** Moves the services' clock this many days ahead of real time (from now, not cumulative): deadlines crossed without waiting. */
  moveClock: (days: number) => void;
  stop: () => Promise<void>;
}

/** `npm start`'s platform with its demo data, on free ports. */
export const embeddedPortal = async (options: Pick<EmbeddedPlatformOptions, 'accessTokenTtlSeconds'> = {}): Promise<PortalUnderTest> => {
  const { platform, stop, moveClock } = await startSeededPlatform(options);
  return {
    name: 'embedded',
    portal: platform.urls.portal,
    issuer: platform.urls.issuer,
    registration: platform.urls.registration,
    proposals: platform.urls.proposals,
    countyPlans: platform.urls.countyPlans,
    token: (username) => passwordToken(platform.urls.issuer, username),
    endIssuerSessions: async (username) => {
      platform.endIssuerSessions(username);
    },
    moveClock,
    stop,
  };
};

/** What the production-path portal needs running; a suite without them prints SKIPPED (`describeWithServices`). */
export const KEYCLOAK_PORTAL_SERVICES: ServiceName[] = ['kafka', 'mongodb', 'keycloak'];

/**
 * The production path: registration and proposals on Kafka, the MongoDB-wire server and a SQLite
 * log (in this process, as the production e2e suites run them), their tokens from real Keycloak
 * in a realm of this run's own (made from the current realm export, so the portal's loopback
 * callback on any port is allowed); the demo data written through the APIs; and the portal
 * started from its production entry (`services/portal/src/main.ts`, a child process) with
 * Keycloak as issuer, the `csm-portal` client and its sessions in the MongoDB-wire server.
 * `accessTokenTtlSeconds` shortens the realm's access-token lifespan once the data is seeded.
 * `countyPlans` also runs the county-plans service on the bus (its demo plan seeded, the portal's
 * County Action Plans and initiatives pages served); without it those pages answer "unavailable".
 * `resources` likewise runs the resources service (the library, its demo items seeded).
 * Call inside `describeWithServices(KEYCLOAK_PORTAL_SERVICES, …)`.
 */
export const keycloakPortal = async (options: Pick<EmbeddedPlatformOptions, 'accessTokenTtlSeconds'> & { countyPlans?: boolean; resources?: boolean } = {}): Promise<PortalUnderTest> => {
  const [kafka, mongodb, keycloak] = KEYCLOAK_PORTAL_SERVICES.map((name) => {
    const url = serviceUrl(name);
    if (!url) throw new Error(`keycloakPortal needs ${name}: call it inside describeWithServices(KEYCLOAK_PORTAL_SERVICES, …)`);
    return url;
  }) as [string, string, string];
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const realm = await PrivateKeycloakRealm.create(keycloak);
    cleanups.push(() => realm.delete());
    const bus = await startOnTheBus({ kafka, mongodb, issuer: realm.issuer, prefix: 'portal', clientId: 'portal-e2e' });
    cleanups.push(() => bus.stop());
    const quiet = () => undefined;
    // The proposals service's clock, moved past deadlines by journeys that start after one.
    let clockOffsetMs = 0;
    const registration = await startRegistrationOnTheBus(bus);
    const proposals = await startProposalsOnTheBus(bus, () => new Date(Date.now() + clockOffsetMs));
    const urls: { issuer: string; registration: string; proposals: string; countyPlans?: string; resources?: string } = { issuer: realm.issuer, registration: registration.url, proposals: proposals.url };
    if (options.countyPlans) urls.countyPlans = (await startCountyPlansOnTheBus(bus)).url;
    // The library (resources) on the bus, searched by minisearch over its read models (the MongoDB-wire server of the tests has no $text).
    if (options.resources) urls.resources = (await startResourcesOnTheBus(bus)).url;
    await seedDemoData({ urls, store: bus.store }, quiet);
    await publishClarification(urls);
    // Shortened only now: the demo data is written with tokens fetched once, at its start.
    if (options.accessTokenTtlSeconds !== undefined) await realm.update({ accessTokenLifespan: options.accessTokenTtlSeconds });

    cleanups.push(async () => {
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(mongodb).connect();
      await client.db(bus.database('portal')).dropDatabase();
      await client.close();
    });
    const port = await freePort();
    const portalUrl = `http://127.0.0.1:${port}`;
    const portal = await startContainerEntry(
      'services/portal/src/main.ts',
      {
        CSM_REGISTRATION_URL: urls.registration,
        CSM_PROPOSALS_URL: urls.proposals,
        ...(urls.countyPlans ? { CSM_COUNTY_PLANS_URL: urls.countyPlans } : {}),
        ...(urls.resources ? { CSM_RESOURCES_URL: urls.resources } : {}),
        OIDC_ISSUER: realm.issuer,
        CSM_PORTAL_CLIENT_ID: 'csm-portal',
        CSM_PORTAL_URL: portalUrl,
        MONGODB_URI: mongodb,
        CSM_PORTAL_DATABASE: bus.database('portal'),
      },
      'the portal',
      port,
    );
    cleanups.push(() => portal.stop());

    return {
      name: 'keycloak',
      portal: portalUrl,
      issuer: realm.issuer,
      registration: urls.registration,
      proposals: urls.proposals,
      ...(urls.countyPlans ? { countyPlans: urls.countyPlans } : {}),
      token: (username) => passwordToken(realm.issuer, username),
      endIssuerSessions: (username) => realm.endSessionsOf(username),
      moveClock: (days) => {
        clockOffsetMs = days * 24 * 60 * 60 * 1000;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
