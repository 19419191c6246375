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
import { startBusCountyPlans } from './main';

/**
 * The county-plans service as one container runs it in production: configuration from the
 * environment (parsed once, failing at start with the variable's name), then adapters, then the
 * app. `CSM_ROLE=api` serves HTTP and runs no projection and no relay; `worker` also runs the
 * projections (Kafka consumer groups) and the relay.
 */
const Config = ServiceEnvironment.extend({
  MONGODB_DATABASE: z.string().default('csm_county_plans'),
  /** Where registration's relay keeps its progress (its read-model database): read-your-writes on the organisations' facts. */
  CSM_REGISTRATION_DATABASE: z.string().default('csm_registration'),
  /** Where proposals' relay keeps its progress (its read-model database): read-your-writes on the awarded partnerships. */
  CSM_PROPOSALS_DATABASE: z.string().default('csm_proposals'),
  /** The platform's subject-id secret: the event catalog's upcasters of other contexts need it to read the shared log. */
  CSM_SUBJECT_ID_SECRET: Base64Secret32('CSM_SUBJECT_ID_SECRET'),
});

const main = async () => {
  const config = configurationFrom(Config, process.env);
  const telemetry = startTelemetry({ serviceName: 'county-plans' });

  let store: EventStore;
  let relayCheckpoints: CheckpointStore;
  let registrationCheckpoints: CheckpointStore;
  let proposalsCheckpoints: CheckpointStore;
  const readModels = await MongoReadModels.connect(config.MONGODB_URI, config.MONGODB_DATABASE);
  const registrationModels = await MongoReadModels.connect(config.MONGODB_URI, config.CSM_REGISTRATION_DATABASE);
  const proposalsModels = await MongoReadModels.connect(config.MONGODB_URI, config.CSM_PROPOSALS_DATABASE);
  if (config.ESDB_CONNECTION_STRING) {
    store = EsdbEventStore.connect(config.ESDB_CONNECTION_STRING);
    // ESDB has no side table: each relay keeps its checkpoint in its service's read-model database.
    relayCheckpoints = readModelCheckpointStore(readModels);
    registrationCheckpoints = readModelCheckpointStore(registrationModels);
    proposalsCheckpoints = readModelCheckpointStore(proposalsModels);
  } else if (config.CSM_SQLITE_FILE) {
    const sqlite = await SqliteEventStore.open({ file: config.CSM_SQLITE_FILE });
    store = sqlite;
    relayCheckpoints = registrationCheckpoints = proposalsCheckpoints = sqlite.checkpoints();
  } else {
    console.error('Invalid configuration: set ESDB_CONNECTION_STRING (production) or CSM_SQLITE_FILE (single node)');
    process.exit(2);
  }

  const service = await startBusCountyPlans({
    store,
    contracts: new EventContracts(eventCatalog(new SubjectIds(config.CSM_SUBJECT_ID_SECRET))),
    readModels,
    authenticate: authenticate(createTokenVerifier({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE })),
    kafka: createKafka({ clientId: `county-plans-${config.CSM_ROLE}`, brokers: parseBrokers(config.KAFKA_BROKERS) }),
    relayCheckpoints,
    registrationRelay: storedRelayProgress(`${config.CSM_NAMESPACE}registration.relay`, registrationCheckpoints, readModelPartitionCheckpointStore(registrationModels)),
    proposalsRelay: storedRelayProgress(`${config.CSM_NAMESPACE}proposals.relay`, proposalsCheckpoints, readModelPartitionCheckpointStore(proposalsModels)),
    namespace: config.CSM_NAMESPACE,
    role: config.CSM_ROLE,
    runRelay: config.CSM_ROLE === 'worker',
    ...(config.CSM_ROLE === 'worker' ? { relayLease: new Lease({ readModels, name: `${config.CSM_NAMESPACE}county-plans.relay` }) } : {}),
  });
  serveUntilSignalled(service.app, {
    name: `county-plans ${config.CSM_ROLE}`,
    port: config.PORT,
    host: config.HOST,
    stop: async () => {
      await service.stop();
      await readModels.close();
      await registrationModels.close();
      await proposalsModels.close();
      await store.close();
      await telemetry.shutdown();
    },
  });
};

main().catch((error) => {
  console.error('[county-plans] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
