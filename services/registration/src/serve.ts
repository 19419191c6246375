import { z } from 'zod';
import { Base64Secret32, configurationFrom, serveUntilSignalled, ServiceEnvironment } from '@csm/http';
import { EventContracts, PersonalDataVault, readModelCheckpointStore, readModelSubjectKeyStore, SubjectIds, SubjectKeyWrapping, type EventStore, type CheckpointStore } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { EsdbEventStore } from '@csm/eventstore-esdb';
import { MongoReadModels } from '@csm/readmodels';
import { createKafka, Lease, parseBrokers } from '@csm/bus-kafka';
import { authenticate, createTokenVerifier } from '@csm/identity';
import { startTelemetry } from '@csm/telemetry';
import { startBusRegistration } from './main';

/**
 * The registration service as one container runs it in production: configuration from the
 * environment (parsed once, failing at start with the variable's name), then adapters, then
 * the app. `CSM_ROLE=api` serves HTTP and runs no projection and no relay; `worker` also runs
 * the projections (Kafka consumer groups) and the relay. Both answer `minPosition` from the
 * checkpoints the projections and the relay store in the read-model database.
 */
const Config = ServiceEnvironment.extend({
  MONGODB_DATABASE: z.string().default('csm_registration'),
  /**
   * Subject keys get a database of their own: read-model databases are dropped and rebuilt
   * from the log, and keys cannot be rebuilt.
   */
  CSM_KEYS_DATABASE: z.string().default('csm_subject_keys'),
  /** Wraps every subject key at rest (a Kubernetes Secret): base64 of 32 bytes. */
  CSM_KEK: Base64Secret32('CSM_KEK'),
  /** Keys the HMAC that names people in events; the same in every service. Base64 of 32 bytes. */
  CSM_SUBJECT_ID_SECRET: Base64Secret32('CSM_SUBJECT_ID_SECRET'),
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

  const readModels = await MongoReadModels.connect(config.MONGODB_URI, config.MONGODB_DATABASE);
  const subjectIds = new SubjectIds(config.CSM_SUBJECT_ID_SECRET);
  const service = await startBusRegistration({
    store,
    contracts: new EventContracts(eventCatalog(subjectIds)),
    readModels,
    // Subject keys in a collection every replica shares, wrapped under the key-encryption key.
    vault: new PersonalDataVault(readModelSubjectKeyStore(await MongoReadModels.connect(config.MONGODB_URI, config.CSM_KEYS_DATABASE), new SubjectKeyWrapping(config.CSM_KEK))),
    subjectIds,
    authenticate: authenticate(createTokenVerifier({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE })),
    kafka: createKafka({ clientId: `registration-${config.CSM_ROLE}`, brokers: parseBrokers(config.KAFKA_BROKERS) }),
    relayCheckpoints,
    namespace: config.CSM_NAMESPACE,
    role: config.CSM_ROLE,
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
      await readModels.close();
      await store.close();
      await telemetry.shutdown();
    },
  });
};

main().catch((error) => {
  console.error('[registration] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
