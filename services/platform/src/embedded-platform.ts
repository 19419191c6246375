import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { SqliteEventStore, SqliteSubjectKeyStore } from '@csm/eventstore-sqlite';
import { InMemoryCheckpointStore, PersonalDataVault } from '@csm/eventing';
import { EmbeddedReadModels, type ReadModels } from '@csm/readmodels';
import { authenticate, createEmbeddedIssuer, createTokenVerifier } from '@csm/identity';
import { startEmbeddedRegistration } from '@csm/registration';
import { startEmbeddedProposals } from '@csm/proposals';

/**
 * The whole platform in one process on its embedded adapters: the SQLite event store under
 * `dataDir`, in-process read models rebuilt from the log at start, the local OIDC issuer, and
 * every service that exists, each on its own port. Used by `npm start`, the end-to-end tests
 * and the benchmarks, so all three exercise the same wiring.
 */
export interface EmbeddedPlatformOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port (tests). */
  identityPort?: number;
  registrationPort?: number;
  proposalsPort?: number;
  /** The services' clock (tests move it past deadlines); the real time by default. */
  clock?: () => Date;
  log?: (message: string, error?: unknown) => void;
}

export interface EmbeddedPlatform {
  urls: { identity: string; issuer: string; registration: string; proposals: string };
  store: SqliteEventStore;
  /** Each service's own read models (replay tests compare them with a rebuild). */
  readModels: { registration: ReadModels; proposals: ReadModels };
  caughtUp(position: bigint): Promise<void>;
  /** A real token from the embedded issuer for a partner of `organizationId` (benchmarks, tests). */
  signPartnerToken(organizationId: string, username: string): Promise<string>;
  /** A real token for any user, role and org_id (authorisation tests: a donor of another body). */
  signUserToken(user: { username: string; roles: string[]; organizationId?: string }): Promise<string>;
  stop(): Promise<void>;
}

const listen = (app: Express, port: number, host: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
  });

const urlOf = (server: Server, host: string): string => `http://${host}:${(server.address() as AddressInfo).port}`;

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

export const startEmbeddedPlatform = async (options: EmbeddedPlatformOptions): Promise<EmbeddedPlatform> => {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  mkdirSync(options.dataDir, { recursive: true });

  const store = await SqliteEventStore.open({ file: join(options.dataDir, 'events.db') });
  // Subject keys live apart from the log, so erasing one never touches the events.
  const subjectKeys = new SqliteSubjectKeyStore(join(options.dataDir, 'keys', 'subject-keys.db'));

  // The issuer's URL must be known before it is created (it is the `iss` claim), so the port is
  // bound first and the routes are mounted after.
  const identityApp = express();
  const identityServer = await listen(identityApp, options.identityPort ?? 8180, host);
  const identityUrl = urlOf(identityServer, host);
  const issuer = await createEmbeddedIssuer({ baseUrl: identityUrl, keyFile: join(options.dataDir, 'identity', 'signing-key.json') });
  identityApp.use(issuer.router);
  const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: 'csm-api' });

  const registrationModels = new EmbeddedReadModels();
  const proposalsModels = new EmbeddedReadModels();
  const registration = await startEmbeddedRegistration({
    store,
    readModels: registrationModels,
    vault: new PersonalDataVault(subjectKeys),
    checkpoints: new InMemoryCheckpointStore(),
    authenticate: authenticate(verifier),
    deadLetter: async (event, subscription, reason) =>
      log(`[dead-letter] ${subscription} could not handle ${event.type} ${event.streamId}@${event.streamRevision}: ${reason}`),
    log,
  });
  const registrationServer = await listen(registration.app, options.registrationPort ?? 3001, host);

  const proposals = await startEmbeddedProposals({
    store,
    readModels: proposalsModels,
    checkpoints: new InMemoryCheckpointStore(),
    authenticate: authenticate(verifier),
    log,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const proposalsServer = await listen(proposals.app, options.proposalsPort ?? 3002, host);

  return {
    urls: { identity: identityUrl, issuer: issuer.issuer, registration: urlOf(registrationServer, host), proposals: urlOf(proposalsServer, host) },
    store,
    readModels: { registration: registrationModels, proposals: proposalsModels },
    caughtUp: async (position) => {
      await Promise.all([registration.caughtUp(position), proposals.caughtUp(position)]);
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
    signUserToken: ({ username, roles, organizationId }) =>
      issuer.signToken({
        sub: `test-${username}`,
        aud: 'csm-api',
        azp: 'csm-portal',
        preferred_username: username,
        realm_access: { roles },
        ...(organizationId ? { org_id: organizationId } : {}),
      }),
    stop: async () => {
      await Promise.all([close(registrationServer), close(proposalsServer), close(identityServer)]);
      await Promise.all([registration.stop(), proposals.stop()]);
      await store.close();
      subjectKeys.close();
    },
  };
};
