// Jest global setup: for each server a suite may need whose URL is NOT in the environment,
// start it with testcontainers when a container engine answers (CI elsewhere, a laptop with
// Docker). Workers inherit the environment set here. Without an engine nothing happens and
// those suites report SKIPPED (libs/testkit/src/services.ts). This machine has no engine:
// here `npm run infra:up` provides Kafka, Keycloak and FerretDB instead.
const path = require('node:path');

const wanted = [
  {
    env: 'KAFKA_BROKERS',
    start: async ({ GenericContainer, Wait }) => {
      // The broker advertises localhost:19094, so the host port must be fixed to match.
      const container = await new GenericContainer('apache/kafka:3.9.1')
        .withExposedPorts({ container: 19094, host: 19094 })
        .withEnvironment({
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: 'PLAINTEXT://:19094,CONTROLLER://:9093',
          KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://localhost:19094',
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        })
        .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
        .start();
      return { container, url: 'localhost:19094' };
    },
  },
  {
    env: 'MONGODB_URI',
    start: async ({ GenericContainer, Wait }) => {
      const container = await new GenericContainer('mongo:7').withExposedPorts(27017).withWaitStrategy(Wait.forLogMessage(/Waiting for connections/)).start();
      return { container, url: `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/` };
    },
  },
  {
    env: 'KEYCLOAK_URL',
    start: async ({ GenericContainer, Wait }) => {
      const container = await new GenericContainer('keycloak/keycloak:26.4')
        .withExposedPorts(8080)
        .withEnvironment({ KC_BOOTSTRAP_ADMIN_USERNAME: 'admin', KC_BOOTSTRAP_ADMIN_PASSWORD: 'admin' })
        .withCopyFilesToContainer([{ source: path.join(__dirname, '..', '..', 'k8s', 'keycloak', 'realm-csm.json'), target: '/opt/keycloak/data/import/realm-csm.json' }])
        .withCommand(['start-dev', '--import-realm'])
        .withWaitStrategy(Wait.forHttp('/realms/csm/.well-known/openid-configuration', 8080))
        .withStartupTimeout(240_000)
        .start();
      return { container, url: `http://${container.getHost()}:${container.getMappedPort(8080)}` };
    },
  },
  {
    env: 'ESDB_CONNECTION_STRING',
    start: async ({ GenericContainer, Wait }) => {
      const container = await new GenericContainer('kurrentplatform/kurrentdb:25.1')
        .withExposedPorts(2113)
        .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None', KURRENTDB_MEM_DB: 'true' })
        .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
        .start();
      return { container, url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false` };
    },
  },
];

module.exports = async () => {
  const missing = wanted.filter((w) => !process.env[w.env]);
  if (missing.length === 0) return;
  let testcontainers;
  try {
    testcontainers = require('testcontainers');
    await testcontainers.getContainerRuntimeClient();
  } catch {
    return; // no container engine: the suites that need these servers report SKIPPED
  }
  globalThis.__CSM_CONTAINERS__ = [];
  for (const service of missing) {
    try {
      const { container, url } = await service.start(testcontainers);
      globalThis.__CSM_CONTAINERS__.push(container);
      process.env[service.env] = url;
      console.log(`[testkit] started a container for ${service.env}=${url}`);
    } catch (error) {
      console.log(`[testkit] could not start a container for ${service.env}: ${error.message}`);
    }
  }
};
