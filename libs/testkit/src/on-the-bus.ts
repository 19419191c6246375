import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express, RequestHandler } from 'express';
import type { Kafka } from 'kafkajs';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { EventContracts, SubjectIds } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { MongoReadModels, type ReadModels } from '@csm/readmodels';
import { createKafka, parseBrokers } from '@csm/bus-kafka';
import { closeServer } from '@csm/http';
import { authenticate, createTokenVerifier } from '@csm/identity';

export interface OnTheBusOptions {
  /** Brokers and the MongoDB-wire server, as `describeWithServices` gives them. */
  kafka: string;
  mongodb: string;
  /** Where tokens come from (Keycloak's realm, or an embedded issuer), for audience `csm-api`. */
  issuer: string;
  /** Starts the namespace (`<prefix><8 random>.`), so runs sharing a cluster never meet. */
  prefix: string;
  /** The Kafka client id. */
  clientId: string;
  log?: (message: string, error?: unknown) => void;
}

/** What every `startBus*` takes, with one context's read models. */
export interface BusServiceOptions {
  store: SqliteEventStore;
  contracts: EventContracts;
  readModels: ReadModels;
  authenticate: RequestHandler;
  kafka: Kafka;
  relayCheckpoints: ReturnType<SqliteEventStore['checkpoints']>;
  namespace: string;
  log: (message: string, error?: unknown) => void;
}

export interface OnTheBus {
  namespace: string;
  /** One SQLite log shared by every service, as on one node. */
  store: SqliteEventStore;
  /** Shared by every service, as in production. */
  subjectIds: SubjectIds;
  contracts: EventContracts;
  /** `csm_<namespace>_<part>`: a database of this run. */
  database(part: string): string;
  /** A context's read-model database (`database(part)`), connected once; dropped and closed by `stop`. */
  readModels(part: string): Promise<ReadModels>;
  /**
   * Starts a service in production shape (its `startBus*`) with the shared options and the read
   * models of `part`, and serves its app on loopback; `stop` stops it and closes its server.
   */
  start<S extends { app: Express; stop(): Promise<void> }>(part: string, startService: (options: BusServiceOptions) => Promise<S>): Promise<S & { url: string }>;
  /** Closes the servers, stops the services (last started first), drops and closes the databases, closes the log. */
  stop(): Promise<void>;
}

/**
 * Services in production shape in this process, as the production e2e suites run them: each on
 * Kafka (relay and consumer groups), its read models in the MongoDB-wire server, one SQLite log,
 * tokens verified against `issuer`. Call inside `describeWithServices`.
 */
export const startOnTheBus = async (options: OnTheBusOptions): Promise<OnTheBus> => {
  const namespace = `${options.prefix}${randomUUID().slice(0, 8)}.`;
  const dir = mkdtempSync(join(tmpdir(), `csm-${options.prefix}-`));
  const store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
  const subjectIds = new SubjectIds(randomBytes(32));
  const contracts = new EventContracts(eventCatalog(subjectIds));
  const kafka = createKafka({ clientId: options.clientId, brokers: parseBrokers(options.kafka) });
  const auth = authenticate(createTokenVerifier({ issuer: options.issuer, audience: 'csm-api' }));
  const log = options.log ?? (() => undefined);
  const database = (part: string) => `csm_${namespace.replace(/\W/g, '')}_${part}`;
  const databases = new Map<string, Promise<ReadModels>>();
  const services: { stop(): Promise<void> }[] = [];
  const servers: Server[] = [];
  const readModels = (part: string) => {
    let models = databases.get(part);
    if (!models) {
      models = MongoReadModels.connect(options.mongodb, database(part));
      databases.set(part, models);
    }
    return models;
  };
  return {
    namespace,
    store,
    subjectIds,
    contracts,
    database,
    readModels,
    start: async (part, startService) => {
      const service = await startService({ store, contracts, readModels: await readModels(part), authenticate: auth, kafka, relayCheckpoints: store.checkpoints(), namespace, log });
      services.push(service);
      const server = await new Promise<Server>((resolve) => {
        const s = service.app.listen(0, '127.0.0.1', () => resolve(s));
      });
      servers.push(server);
      return Object.assign(service, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    },
    stop: async () => {
      await Promise.all(servers.map(closeServer));
      for (const service of services.reverse()) await service.stop();
      for (const models of databases.values()) {
        const connected = await models;
        await connected.dropAll();
        await connected.close();
      }
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
