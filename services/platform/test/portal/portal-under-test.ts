import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Express } from 'express';
import { serviceUrl, type ServiceName } from '@csm/testkit';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { EventContracts, InMemorySubjectKeyStore, PersonalDataVault, SubjectIds } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { MongoReadModels } from '@csm/readmodels';
import { createKafka, parseBrokers } from '@csm/bus-kafka';
import { closeServer } from '@csm/http';
import { authenticate, createTokenVerifier } from '@csm/identity';
import { registrationRelayProgress, startBusRegistration } from '@csm/registration';
import { proposalsRelayProgress, startBusProposals } from '@csm/proposals';
import { startBusCountyPlans } from '@csm/county-plans';
// The same demo data `npm start` shows; scripts/ is no Nx project to import from.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedDemoData } from '../../../../scripts/seed/demo-data';
import { passwordToken, type EmbeddedPlatformOptions } from '../../src';
import { PrivateKeycloakRealm } from './private-keycloak-realm';
import { publishClarification, startSeededPlatform } from './seeded-platform';

const REPO = resolve(__dirname, '../../../..');

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

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });

const listenOnLoopback = async (app: Express): Promise<{ url: string; server: Server }> => {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
};

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
 * Call inside `describeWithServices(KEYCLOAK_PORTAL_SERVICES, …)`.
 */
export const keycloakPortal = async (options: Pick<EmbeddedPlatformOptions, 'accessTokenTtlSeconds'> & { countyPlans?: boolean } = {}): Promise<PortalUnderTest> => {
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
    const namespace = `portal${randomUUID().slice(0, 8)}.`;
    const database = (part: string) => `csm_${namespace.replace(/\W/g, '')}_${part}`;
    const dir = mkdtempSync(join(tmpdir(), 'csm-keycloak-portal-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));

    const store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
    cleanups.push(() => store.close());
    const subjectIds = new SubjectIds(randomBytes(32));
    const contracts = new EventContracts(eventCatalog(subjectIds));
    const bus = createKafka({ clientId: 'portal-e2e', brokers: parseBrokers(kafka) });
    const auth = authenticate(createTokenVerifier({ issuer: realm.issuer, audience: 'csm-api' }));
    const registrationModels = await MongoReadModels.connect(mongodb, database('registration'));
    const proposalsModels = await MongoReadModels.connect(mongodb, database('proposals'));
    cleanups.push(async () => {
      for (const models of [registrationModels, proposalsModels]) {
        await models.dropAll();
        await models.close();
      }
    });
    const quiet = () => undefined;
    // The proposals service's clock, moved past deadlines by journeys that start after one.
    let clockOffsetMs = 0;
    const registration = await startBusRegistration({
      store,
      contracts,
      subjectIds,
      readModels: registrationModels,
      vault: new PersonalDataVault(new InMemorySubjectKeyStore()),
      authenticate: auth,
      kafka: bus,
      relayCheckpoints: store.checkpoints(),
      namespace,
      log: quiet,
    });
    cleanups.push(() => registration.stop());
    const proposals = await startBusProposals({
      store,
      contracts,
      subjectIds,
      readModels: proposalsModels,
      authenticate: auth,
      kafka: bus,
      relayCheckpoints: store.checkpoints(),
      registrationRelay: registrationRelayProgress(store.checkpoints(), registrationModels, namespace),
      namespace,
      clock: () => new Date(Date.now() + clockOffsetMs),
      log: quiet,
    });
    cleanups.push(() => proposals.stop());
    const registrationServer = await listenOnLoopback(registration.app);
    const proposalsServer = await listenOnLoopback(proposals.app);
    cleanups.push(() => closeServer(registrationServer.server), () => closeServer(proposalsServer.server));
    const urls: { issuer: string; registration: string; proposals: string; countyPlans?: string } = { issuer: realm.issuer, registration: registrationServer.url, proposals: proposalsServer.url };
    if (options.countyPlans) {
      const countyPlansModels = await MongoReadModels.connect(mongodb, database('county_plans'));
      cleanups.push(async () => {
        await countyPlansModels.dropAll();
        await countyPlansModels.close();
      });
      const countyPlans = await startBusCountyPlans({
        store,
        contracts,
        readModels: countyPlansModels,
        authenticate: auth,
        kafka: bus,
        relayCheckpoints: store.checkpoints(),
        registrationRelay: registrationRelayProgress(store.checkpoints(), registrationModels, namespace),
        proposalsRelay: proposalsRelayProgress(store.checkpoints(), proposalsModels, namespace),
        namespace,
        log: quiet,
      });
      cleanups.push(() => countyPlans.stop());
      const countyPlansServer = await listenOnLoopback(countyPlans.app);
      cleanups.push(() => closeServer(countyPlansServer.server));
      urls.countyPlans = countyPlansServer.url;
    }
    await seedDemoData({ urls, store }, quiet);
    await publishClarification(urls);
    // Shortened only now: the demo data is written with tokens fetched once, at its start.
    if (options.accessTokenTtlSeconds !== undefined) await realm.update({ accessTokenLifespan: options.accessTokenTtlSeconds });

    const port = await freePort();
    const portalUrl = `http://127.0.0.1:${port}`;
    const portal = spawn(process.execPath, ['--import', 'tsx', 'services/portal/src/main.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        CSM_REGISTRATION_URL: urls.registration,
        CSM_PROPOSALS_URL: urls.proposals,
        ...(urls.countyPlans ? { CSM_COUNTY_PLANS_URL: urls.countyPlans } : {}),
        OIDC_ISSUER: realm.issuer,
        CSM_PORTAL_CLIENT_ID: 'csm-portal',
        CSM_PORTAL_URL: portalUrl,
        MONGODB_URI: mongodb,
        CSM_PORTAL_DATABASE: database('portal'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    portal.stdout!.on('data', (d) => (output += String(d)));
    portal.stderr!.on('data', (d) => (output += String(d)));
    cleanups.push(async () => {
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(mongodb).connect();
      await client.db(database('portal')).dropDatabase();
      await client.close();
    });
    cleanups.push(async () => {
      if (portal.exitCode !== null) return;
      const exited = new Promise((done) => portal.once('exit', done));
      portal.kill('SIGTERM');
      await exited;
    });
    await waitUntilReady(`${portalUrl}/readyz`, () => portal.exitCode !== null, () => output);

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

/** Polls a readiness URL (the child process is starting), failing with its output if it exits or never answers. */
const waitUntilReady = async (url: string, exited: () => boolean, output: () => string): Promise<void> => {
  for (let attempt = 0; attempt < 240; attempt++) {
    const ready = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return;
    if (exited()) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the portal did not become ready at ${url}:\n${output()}`);
};
