import type { RequestHandler, Express } from 'express';
import type { Kafka } from 'kafkajs';
import type { z } from 'zod';
import { configurationFrom, serveUntilSignalled, type ServiceEnvironment } from '@csm/http';
import { readModelCheckpointStore, type CheckpointStore, type EventStore } from '@csm/eventing';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { EsdbEventStore } from '@csm/eventstore-esdb';
import { MongoReadModels, type ReadModels } from '@csm/readmodels';
import { contextRelayProgress, createKafka, Lease, parseBrokers, type RelayProgress, type TopicSettings } from '@csm/bus-kafka';
import { authenticate, createTokenVerifier } from '@csm/identity';
import { startTelemetry } from '@csm/telemetry';
import { kafkaSettingsFrom } from './kafka-settings';

/** What every service container reads: `ServiceEnvironment` and the name of its read-model database. */
export type ContextConfiguration = z.infer<typeof ServiceEnvironment> & { MONGODB_DATABASE: string };

/** The adapters a container entry gets, chosen from its configuration. */
export interface ContainerAdapters<C extends ContextConfiguration> {
  config: C;
  /** EventStoreDB when `ESDB_CONNECTION_STRING` is set, else the SQLite log at `CSM_SQLITE_FILE`. */
  store: EventStore;
  /** The service's read-model database (`MONGODB_DATABASE`). */
  readModels: ReadModels;
  /** Bearer tokens verified against `OIDC_ISSUER` for `OIDC_AUDIENCE`. */
  authenticate: RequestHandler;
  /** What every `startBus*` takes from the environment: Kafka, the relay's checkpoints, namespace, role, and a worker's relay lease. */
  bus: {
    kafka: Kafka;
    /** The store's own checkpoints with SQLite; the read-model database with ESDB (it has no side table). */
    relayCheckpoints: CheckpointStore;
    namespace: string;
    role: 'api' | 'worker';
    runRelay: boolean;
    /** How the relay creates topics: `CSM_TOPIC_REPLICATION_FACTOR`, `CSM_TOPIC_MIN_INSYNC_REPLICAS`. */
    topics: TopicSettings;
    /** Worker replicas elect the one that relays by a lease beside the read models. */
    relayLease?: Lease;
  };
  /** Another database on the same server, closed when the service stops. */
  connect(database: string): Promise<ReadModels>;
  /** How far another context's relay has published, as it stored it in that context's read-model database. */
  relayProgressOf(relayName: string, database: string): Promise<RelayProgress>;
}

export interface ServeContextOptions<C extends ContextConfiguration> {
  /** The service's name: telemetry (`service.name` `<name>-<role>`), the Kafka client id, the relay lease `<name>.relay`, log lines. */
  name: string;
  /** `ServiceEnvironment.extend({ MONGODB_DATABASE: …, … })`: parsed once, failing at start naming the variable. */
  environment: z.ZodType<C>;
  /** Starts the service (its `startBus*`) on the adapters: its app and what to stop before the adapters close. */
  start(adapters: ContainerAdapters<C>): Promise<{ app: Express; stop(): Promise<void> }>;
}

/**
 * A service as one container runs it in production: configuration from the environment (parsed
 * once, failing at start with the variable's name), then adapters, then the app. `CSM_ROLE=api`
 * serves HTTP and runs no projection and no relay; `worker` also runs the projections (Kafka
 * consumer groups) and the relay. On SIGTERM the service stops, then its databases, the store
 * and telemetry, in that order.
 */
export const serveContext = <C extends ContextConfiguration>(options: ServeContextOptions<C>): void => {
  const main = async () => {
    const config = configurationFrom(options.environment, process.env);
    const kafkaSettings = kafkaSettingsFrom(config);
    if (!kafkaSettings.ok) {
      for (const problem of kafkaSettings.problems) console.error(`Invalid configuration ${problem.variable}: ${problem.message}`);
      process.exit(2);
    }
    // One service.name per service and role: the relay and projectors run in the worker.
    const telemetry = startTelemetry({
      serviceName: `${options.name}-${config.CSM_ROLE}`,
      attributes: { 'csm.service': options.name, 'csm.role': config.CSM_ROLE },
      ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
      ...(config.OTEL_BSP_SCHEDULE_DELAY !== undefined ? { batchDelayMs: config.OTEL_BSP_SCHEDULE_DELAY } : {}),
    });

    let store: EventStore;
    let checkpointsIn: (models: ReadModels) => CheckpointStore;
    if (config.ESDB_CONNECTION_STRING) {
      store = EsdbEventStore.connect(config.ESDB_CONNECTION_STRING);
      // ESDB has no side table: each relay keeps its checkpoint in its service's read-model database.
      checkpointsIn = (models) => readModelCheckpointStore(models);
    } else if (config.CSM_SQLITE_FILE) {
      const sqlite = await SqliteEventStore.open({ file: config.CSM_SQLITE_FILE });
      store = sqlite;
      checkpointsIn = () => sqlite.checkpoints();
    } else {
      console.error('Invalid configuration: set ESDB_CONNECTION_STRING (production) or CSM_SQLITE_FILE (single node)');
      process.exit(2);
    }

    const readModels = await MongoReadModels.connect(config.MONGODB_URI, config.MONGODB_DATABASE);
    const others: ReadModels[] = [];
    const connect = async (database: string) => {
      const models = await MongoReadModels.connect(config.MONGODB_URI, database);
      others.push(models);
      return models;
    };
    const worker = config.CSM_ROLE === 'worker';
    const service = await options.start({
      config,
      store,
      readModels,
      authenticate: authenticate(createTokenVerifier({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE })),
      bus: {
        kafka: createKafka({ clientId: `${options.name}-${config.CSM_ROLE}`, brokers: parseBrokers(config.KAFKA_BROKERS), ...kafkaSettings.security }),
        relayCheckpoints: checkpointsIn(readModels),
        namespace: config.CSM_NAMESPACE,
        role: config.CSM_ROLE,
        runRelay: worker,
        topics: kafkaSettings.topics,
        ...(worker ? { relayLease: new Lease({ readModels, name: `${config.CSM_NAMESPACE}${options.name}.relay` }) } : {}),
      },
      connect,
      relayProgressOf: async (relayName, database) => {
        const models = await connect(database);
        return contextRelayProgress(relayName, checkpointsIn(models), models, config.CSM_NAMESPACE);
      },
    });
    serveUntilSignalled(service.app, {
      name: `${options.name} ${config.CSM_ROLE}`,
      port: config.PORT,
      host: config.HOST,
      stop: async () => {
        try {
          await service.stop();
          await readModels.close();
          for (const models of others) await models.close();
          await store.close();
        } finally {
          // Last, and even when closing something failed: the queued spans (the shutdown's own
          // included) are flushed to the collector, bounded so a dead collector cannot hold SIGTERM.
          await telemetry.shutdown();
        }
      },
    });
  };

  main().catch((error) => {
    console.error(`[${options.name}] failed to start:`, error instanceof Error ? error.message : error);
    process.exit(1);
  });
};
