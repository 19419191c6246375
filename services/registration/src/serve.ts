import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configurationFrom, serveUntilSignalled, ServiceEnvironment } from '@csm/http';
import { PersonalDataVault, readModelCheckpointStore, type EventStore, type CheckpointStore } from '@csm/eventing';
import { SqliteEventStore, SqliteSubjectKeyStore } from '@csm/eventstore-sqlite';
import { EsdbEventStore } from '@csm/eventstore-esdb';
import { MongoReadModels } from '@csm/readmodels';
import { createKafka, Lease, parseBrokers } from '@csm/bus-kafka';
import { authenticate, createTokenVerifier } from '@csm/identity';
import { startTelemetry } from '@csm/telemetry';
import { startBusRegistration } from './main';

/**
 * The registration service as one container runs it in production: configuration from the
 * environment (parsed once, failing at start with the variable's name), then adapters, then
 * the app. `CSM_ROLE=api` serves HTTP; `worker` also runs the relay.
 */
const Config = ServiceEnvironment.extend({
  MONGODB_DATABASE: z.string().default('csm_registration'),
  CSM_KEYS_DIR: z.string().default('/var/lib/csm/keys'),
});

const main = async () => {
  const config = configurationFrom(Config, process.env);
  const telemetry = startTelemetry({ serviceName: 'registration' });

  let store: EventStore;
  let relayCheckpoints: CheckpointStore;
  if (config.ESDB_CONNECTION_STRING) {
    store = EsdbEventStore.connect(config.ESDB_CONNECTION_STRING);
    // ESDB has no side table: the relay keeps its checkpoint in the read-model database.
    relayCheckpoints = readModelCheckpointStore(await MongoReadModels.connect(config.MONGODB_URI, config.MONGODB_DATABASE));
  } else if (config.CSM_SQLITE_FILE) {
    const sqlite = await SqliteEventStore.open({ file: config.CSM_SQLITE_FILE });
    store = sqlite;
    relayCheckpoints = sqlite.checkpoints();
  } else {
    console.error('Invalid configuration: set ESDB_CONNECTION_STRING (production) or CSM_SQLITE_FILE (single node)');
    process.exit(2);
  }

  mkdirSync(config.CSM_KEYS_DIR, { recursive: true });
  const readModels = await MongoReadModels.connect(config.MONGODB_URI, config.MONGODB_DATABASE);
  const service = await startBusRegistration({
    store,
    readModels,
    vault: new PersonalDataVault(new SqliteSubjectKeyStore(join(config.CSM_KEYS_DIR, 'subject-keys.db'))),
    authenticate: authenticate(createTokenVerifier({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE })),
    kafka: createKafka({ clientId: `registration-${config.CSM_ROLE}`, brokers: parseBrokers(config.KAFKA_BROKERS) }),
    relayCheckpoints,
    namespace: config.CSM_NAMESPACE,
    runRelay: config.CSM_ROLE === 'worker',
    // Worker replicas elect the one that relays by a lease beside the read models.
    ...(config.CSM_ROLE === 'worker' ? { relayLease: new Lease({ readModels, name: `${config.CSM_NAMESPACE}registration.relay` }) } : {}),
  });
  serveUntilSignalled(service.app, {
    name: `registration ${config.CSM_ROLE}`,
    port: config.PORT,
    host: config.HOST,
    stop: async () => {
      await service.stop();
      await store.close();
      await telemetry.shutdown();
    },
  });
};

main().catch((error) => {
  console.error('[registration] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
