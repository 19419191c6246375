import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { SqliteEventStore, SqliteSubjectKeyStore } from '@csm/eventstore-sqlite';
import { EventContracts, InMemoryCheckpointStore, PersonalDataVault, SubjectIds, SubjectKeyWrapping } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { EmbeddedReadModels, type ReadModels } from '@csm/readmodels';
import { authenticate, createEmbeddedIssuer, createTokenVerifier, PORTAL_CLIENT, portalClient } from '@csm/identity';
import { closeServer, listen, urlOf } from '@csm/http';
import { startEmbeddedRegistration } from '@csm/registration';
import { startEmbeddedProposals } from '@csm/proposals';
import { startEmbeddedCountyPlans } from '@csm/county-plans';
import { startEmbeddedResources } from '@csm/resources';
import { createPortalApp, type CountyShapes } from '@csm/portal';
import { embeddedSecret } from './embedded-secrets';

/**
 * The whole platform in one process on its embedded adapters: the SQLite event store under
 * `dataDir`, in-process read models rebuilt from the log at start, the local OIDC issuer, and
 * every service that exists, each on its own port. Used by `npm start`, the end-to-end tests
 * and the benchmarks, so all three exercise the same wiring.
 */
export interface EmbeddedPlatformOptions {
  dataDir: string;
  host?: string;
  /**
   * Ports; each one left out is 0, a free port, so tests and benchmarks never collide with
   * `npm start` (which chooses its fixed ports in scripts/start.ts). A port in use rejects
   * with a `PortUnavailableError` naming it, after releasing whatever was already opened.
   */
  identityPort?: number;
  registrationPort?: number;
  proposalsPort?: number;
  /** The county-plans API (`CSM_COUNTY_PLANS_PORT`, 3003 under `npm start`). */
  countyPlansPort?: number;
  /** The resources API: the library (`CSM_RESOURCES_PORT`, 3004 under `npm start`). */
  resourcesPort?: number;
  /** The web front end for people (`CSM_PORTAL_PORT`, 3000 under `npm start`). */
  portalPort?: number;
  /** The settings that chose those ports (`npm start`'s variables), named when one is taken. */
  portSettings?: { identity?: string; registration?: string; proposals?: string; countyPlans?: string; resources?: string; portal?: string };
  /** Wraps the subject keys (CSM_KEK); generated once under `<dataDir>/keys` when not given. */
  keyEncryptionKey?: Buffer;
  /** Key-encryption keys rotated out (CSM_KEK_PREVIOUS), still accepted to unwrap until `npm run kek:rotate` has re-wrapped every key. */
  previousKeyEncryptionKeys?: Buffer[];
  /** Keys the HMAC of people's ids (CSM_SUBJECT_ID_SECRET); generated once under `<dataDir>/keys` when not given. */
  subjectIdSecret?: Buffer;
  /** Where one-time notices go (e.g. a secret generated on first start); `log`, else stdout, by default. */
  announce?: (line: string) => void;
  /** The services' clock (tests move it past deadlines); the real time by default. */
  clock?: () => Date;
  /** The issuer's access-token lifetime; 300 s by default. Tests shorten it to see the portal refresh. */
  accessTokenTtlSeconds?: number;
  /** County boundaries for the portal's map (`CSM_COUNTY_GEOJSON`); tiles without them. */
  countyShapes?: CountyShapes;
  log?: (message: string, error?: unknown) => void;
}

export interface EmbeddedPlatform {
  urls: { portal: string; identity: string; issuer: string; registration: string; proposals: string; countyPlans: string; resources: string };
  store: SqliteEventStore;
  /** The published language every service checks appends and reads against. */
  contracts: EventContracts;
  /** Pseudonymous ids of people (member ids, contacts' key ids) under this platform's secret. */
  subjectIds: SubjectIds;
  /** Each service's own read models (replay tests compare them with a rebuild). */
  readModels: { registration: ReadModels; proposals: ReadModels; countyPlans: ReadModels; resources: ReadModels };
  caughtUp(position: bigint): Promise<void>;
  /** A real token from the embedded issuer for a partner of `organizationId` (benchmarks, tests). */
  signPartnerToken(organizationId: string, username: string): Promise<string>;
  /** A real token for any user, role, org_id and county_code (authorisation tests: a donor of another body, an officer of another county). */
  signUserToken(user: { username: string; roles: string[]; organizationId?: string; countyCode?: string }): Promise<string>;
  /** Ends a user's sessions at the issuer, as an administrator's "Sign out" in Keycloak does (their refresh is refused). */
  endIssuerSessions(username: string): number;
  stop(): Promise<void>;
}

/** What has been opened so far, released in reverse order if a later step fails. */
class OpenedResources {
  private readonly releases: (() => unknown)[] = [];
  add<T>(resource: T, release: (resource: T) => unknown): T {
    this.releases.push(() => release(resource));
    return resource;
  }
  async releaseAll(): Promise<void> {
    for (const release of this.releases.reverse()) await Promise.resolve(release()).catch(() => undefined);
  }
}

export const startEmbeddedPlatform = async (options: EmbeddedPlatformOptions): Promise<EmbeddedPlatform> => {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  mkdirSync(options.dataDir, { recursive: true });
  const opened = new OpenedResources();
  try {
    return await startOn(options, host, log, opened);
  } catch (error) {
    await opened.releaseAll();
    throw error;
  }
};

const startOn = async (options: EmbeddedPlatformOptions, host: string, log: (message: string, error?: unknown) => void, opened: OpenedResources): Promise<EmbeddedPlatform> => {
  const store = opened.add(await SqliteEventStore.open({ file: join(options.dataDir, 'events.db') }), (s) => s.close());
  // A caller that silences the log (tests) silences notices too; `npm start` prints them.
  const announce = options.announce ?? (options.log ? (line: string) => options.log!(line) : (line: string) => console.log(line));
  const keysDir = join(options.dataDir, 'keys');
  const kek = options.keyEncryptionKey ?? embeddedSecret(join(keysDir, 'key-encryption-key'), 'a key-encryption key for subject keys', announce);
  const subjectIds = new SubjectIds(options.subjectIdSecret ?? embeddedSecret(join(keysDir, 'subject-id-secret'), 'the subject-id secret', announce));
  const contracts = new EventContracts(eventCatalog(subjectIds));
  // Subject keys live apart from the log, so erasing one never touches the events.
  const subjectKeys = opened.add(new SqliteSubjectKeyStore(join(keysDir, 'subject-keys.db'), new SubjectKeyWrapping(kek, options.previousKeyEncryptionKeys ?? [])), (k) => k.close());
  const serve = async (name: string, app: express.Express, port: number | undefined, setting: string | undefined) =>
    opened.add(await listen(app, { name, port: port ?? 0, host, ...(setting ? { setting } : {}) }), closeServer);

  // The issuer's URL must be known before it is created (it is the `iss` claim), so the port is
  // bound first and the routes are mounted after.
  const identityApp = express();
  const identityServer = await serve('identity (OIDC issuer)', identityApp, options.identityPort, options.portSettings?.identity);
  const identityUrl = urlOf(identityServer, host);
  // The portal's port is bound early too: the issuer must know its callback among the redirect URIs.
  const portalApp = express();
  const portalServer = await serve('portal', portalApp, options.portalPort, options.portSettings?.portal);
  const portalUrl = urlOf(portalServer, host);
  const issuer = await createEmbeddedIssuer({
    baseUrl: identityUrl,
    keyFile: join(options.dataDir, 'identity', 'signing-key.json'),
    clients: [portalClient([...new Set([...PORTAL_CLIENT.redirectUris, `${portalUrl}/callback`])])],
    ...(options.accessTokenTtlSeconds !== undefined ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
  });
  identityApp.use(issuer.router);
  const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: 'csm-api' });

  const registrationModels = new EmbeddedReadModels();
  const proposalsModels = new EmbeddedReadModels();
  const registration = await startEmbeddedRegistration({
    store,
    contracts,
    readModels: registrationModels,
    vault: new PersonalDataVault(subjectKeys),
    subjectIds,
    checkpoints: new InMemoryCheckpointStore(),
    authenticate: authenticate(verifier),
    deadLetter: async (event, subscription, reason) =>
      log(`[dead-letter] ${subscription} could not handle ${event.type} ${event.streamId}@${event.streamRevision}: ${reason}`),
    log,
  });
  opened.add(registration, (r) => r.stop());
  const registrationServer = await serve('registration API', registration.app, options.registrationPort, options.portSettings?.registration);

  const proposals = await startEmbeddedProposals({
    store,
    contracts,
    subjectIds,
    readModels: proposalsModels,
    checkpoints: new InMemoryCheckpointStore(),
    authenticate: authenticate(verifier),
    log,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  opened.add(proposals, (p) => p.stop());
  const proposalsServer = await serve('proposals API', proposals.app, options.proposalsPort, options.portSettings?.proposals);

  const countyPlansModels = new EmbeddedReadModels();
  const countyPlans = await startEmbeddedCountyPlans({
    store,
    contracts,
    readModels: countyPlansModels,
    checkpoints: new InMemoryCheckpointStore(),
    authenticate: authenticate(verifier),
    log,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  opened.add(countyPlans, (c) => c.stop());
  const countyPlansServer = await serve('county-plans API', countyPlans.app, options.countyPlansPort, options.portSettings?.countyPlans);

  const resourcesModels = new EmbeddedReadModels();
  const resources = await startEmbeddedResources({
    store,
    contracts,
    readModels: resourcesModels,
    checkpoints: new InMemoryCheckpointStore(),
    authenticate: authenticate(verifier),
    log,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  opened.add(resources, (r) => r.stop());
  const resourcesServer = await serve('resources API', resources.app, options.resourcesPort, options.portSettings?.resources);

  // The portal owns nothing: it reaches the services through the same URLs anyone would.
  portalApp.use(
    createPortalApp({
      registrationUrl: urlOf(registrationServer, host),
      proposalsUrl: urlOf(proposalsServer, host),
      countyPlansUrl: urlOf(countyPlansServer, host),
      resourcesUrl: urlOf(resourcesServer, host),
      signIn: { issuer: issuer.issuer, clientId: PORTAL_CLIENT.clientId, portalUrl },
      log,
      demoAccounts: true,
      ...(options.countyShapes ? { countyShapes: options.countyShapes } : {}),
    }),
  );

  return {
    urls: { portal: portalUrl, identity: identityUrl, issuer: issuer.issuer, registration: urlOf(registrationServer, host), proposals: urlOf(proposalsServer, host), countyPlans: urlOf(countyPlansServer, host), resources: urlOf(resourcesServer, host) },
    store,
    contracts,
    subjectIds,
    readModels: { registration: registrationModels, proposals: proposalsModels, countyPlans: countyPlansModels, resources: resourcesModels },
    caughtUp: async (position) => {
      await Promise.all([registration.caughtUp(position), proposals.caughtUp(position), countyPlans.caughtUp(position), resources.caughtUp(position)]);
    },
    signPartnerToken: (organizationId, username) =>
      issuer.signToken({
        sub: `partner-${username}`,
        aud: 'csm-api',
        azp: 'csm-portal',
        preferred_username: username,
        realm_access: { roles: ['partner'] },
        org_id: organizationId,
      }),
    signUserToken: ({ username, roles, organizationId, countyCode }) =>
      issuer.signToken({
        sub: `test-${username}`,
        aud: 'csm-api',
        azp: 'csm-portal',
        preferred_username: username,
        realm_access: { roles },
        ...(organizationId ? { org_id: organizationId } : {}),
        ...(countyCode ? { county_code: countyCode } : {}),
      }),
    endIssuerSessions: (username) => issuer.endSessionsOf(username),
    stop: async () => {
      await Promise.all([closeServer(portalServer), closeServer(registrationServer), closeServer(proposalsServer), closeServer(countyPlansServer), closeServer(resourcesServer), closeServer(identityServer)]);
      await Promise.all([registration.stop(), proposals.stop(), countyPlans.stop(), resources.stop()]);
      await store.close();
      subjectKeys.close();
    },
  };
};
