import { z } from 'zod';
import { Base64Secret32, configurationFrom, serveUntilSignalled, ServiceEnvironment } from '@csm/http';
import { EventContracts, readModelCheckpointStore, readModelPartitionCheckpointStore, SubjectIds, type CheckpointStore, type EventStore } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { EsdbEventStore } from '@csm/eventstore-esdb';
import { MongoReadModels } from '@csm/readmodels';
import { createKafka, Lease, parseBrokers, storedRelayProgress } from '@csm/bus-kafka';
import { authenticate, createTokenVerifier } from '@csm/identity';
import { startTelemetry } from '@csm/telemetry';
import { startBusProposals } from './main';

/**
 * The proposals service as one container runs it in production: configuration from the
 * environment (parsed once, failing at start with the variable's name), then adapters, then
 * the app. `CSM_ROLE=api` serves HTTP and runs no projection and no relay; `worker` also runs
 * the projections (Kafka consumer groups) and the relay. Both answer `minPosition` from the
 * checkpoints the projections and the relays store in the read-model databases.
 */
const Config = ServiceEnvironment.extend({
  MONGODB_DATABASE: z.string().default('csm_proposals'),
  /** Registration's read-model database: where its relay records its progress, for read-your-writes on its facts. */
  CSM_REGISTRATION_DATABASE: z.string().default('csm_registration'),
  /** The HMAC secret that names people in events, the same as registration's: base64 of 32 bytes. */
  CSM_SUBJECT_ID_SECRET: Base64Secret32('CSM_SUBJECT_ID_SECRET'),
});

const main = async () => {
  const config = configurationFrom(Config, process.env);
  const telemetry = startTelemetry({ serviceName: 'proposals' });

  let store: EventStore;
  let relayCheckpoints: CheckpointStore;
  let registrationCheckpoints: CheckpointStore;
  const registrationModels = await MongoReadModels.connect(config.MONGODB_URI, config.CSM_REGISTRATION_DATABASE);
  if (config.ESDB_CONNECTION_STRING) {
    store = EsdbEventStore.connect(config.ESDB_CONNECTION_STRING);
    // ESDB has no side table: relays keep their checkpoints in their service's read-model database.
    relayCheckpoints = readModelCheckpointStore(await MongoReadModels.connect(config.MONGODB_URI, config.MONGODB_DATABASE));
    registrationCheckpoints = readModelCheckpointStore(registrationModels);
  } else if (config.CSM_SQLITE_FILE) {
    const sqlite = await SqliteEventStore.open({ file: config.CSM_SQLITE_FILE });
    store = sqlite;
    relayCheckpoints = registrationCheckpoints = sqlite.checkpoints();
  } else {
    console.error('Invalid configuration: set ESDB_CONNECTION_STRING (production) or CSM_SQLITE_FILE (single node)');
    process.exit(2);
  }

  const readModels = await MongoReadModels.connect(config.MONGODB_URI, config.MONGODB_DATABASE);
  const subjectIds = new SubjectIds(config.CSM_SUBJECT_ID_SECRET);
  const service = await startBusProposals({
    store,
    contracts: new EventContracts(eventCatalog(subjectIds)),
    subjectIds,
    readModels,
    authenticate: authenticate(createTokenVerifier({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE })),
    kafka: createKafka({ clientId: `proposals-${config.CSM_ROLE}`, brokers: parseBrokers(config.KAFKA_BROKERS) }),
    relayCheckpoints,
    registrationRelay: storedRelayProgress(
      `${config.CSM_NAMESPACE}registration.relay`,
      registrationCheckpoints,
      readModelPartitionCheckpointStore(registrationModels),
    ),
    namespace: config.CSM_NAMESPACE,
    role: config.CSM_ROLE,
    runRelay: config.CSM_ROLE === 'worker',
    // Worker replicas elect the one that relays by a lease beside the read models.
    ...(config.CSM_ROLE === 'worker' ? { relayLease: new Lease({ readModels, name: `${config.CSM_NAMESPACE}proposals.relay` }) } : {}),
  });
  serveUntilSignalled(service.app, {
    name: `proposals ${config.CSM_ROLE}`,
    port: config.PORT,
    host: config.HOST,
    stop: async () => {
      await service.stop();
      await readModels.close();
      await registrationModels.close();
      await store.close();
      await telemetry.shutdown();
    },
  });
};

main().catch((error) => {
  console.error('[proposals] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
