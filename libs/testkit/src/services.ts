/**
 * Where a test gets a real server from. Order: an explicit URL in the environment (set by
 * `npm run infra:up` through .cache/infra/env, by CI, or by hand); else a container that
 * jest's global setup started (libs/testkit/jest-global-setup.cjs) when a container engine
 * answers, which also lands in the environment; otherwise the suite is reported as skipped
 * with a line saying how to provide the server. Never a silent pass.
 */
export type ServiceName = 'kafka' | 'mongodb' | 'keycloak' | 'eventstoredb' | 'kubernetes' | 'kubernetes-tools' | 'jaeger';

const ENV_VARIABLE: Record<ServiceName, string> = {
  kafka: 'KAFKA_BROKERS',
  mongodb: 'MONGODB_URI',
  keycloak: 'KEYCLOAK_URL',
  eventstoredb: 'ESDB_CONNECTION_STRING',
  // The kubeconfig of the loopback API server (never a developer's own KUBECONFIG), and the
  // folder of kubectl, helm and kubeconform (their paths and the schemas: CSM_KUBECTL, …).
  kubernetes: 'CSM_KUBECONFIG',
  'kubernetes-tools': 'CSM_KUBE_TOOLS',
  // Jaeger's query API; spans go to its OTLP endpoint, CSM_OTLP_ENDPOINT (jaegerOtlpEndpoint()).
  jaeger: 'CSM_JAEGER_QUERY_URL',
};

const HOW_TO_PROVIDE: Record<ServiceName, string> = {
  kafka: 'run `npm run infra:up` or set KAFKA_BROKERS',
  mongodb: 'run `npm run infra:up` (FerretDB) or set MONGODB_URI',
  keycloak: 'run `npm run infra:up` or set KEYCLOAK_URL',
  eventstoredb: 'set ESDB_CONNECTION_STRING to a reachable EventStoreDB/KurrentDB',
  kubernetes: 'run `bash scripts/infra/up.sh k8s` (etcd + kube-apiserver on loopback) and source .cache/infra/env',
  'kubernetes-tools': 'run `bash scripts/infra/k8s-tools.sh` (or `up.sh k8s`) and source .cache/infra/env',
  jaeger: 'run `bash scripts/infra/up.sh jaeger` and source .cache/infra/env (CSM_JAEGER_QUERY_URL, CSM_OTLP_ENDPOINT)',
};

export const serviceUrl = (service: ServiceName): string | undefined => {
  const value = process.env[ENV_VARIABLE[service]];
  return value && value.trim() !== '' ? value.trim() : undefined;
};

/**
 * `describe` when every listed service is provided; otherwise one skipped test whose name and
 * console line start with `SKIPPED:` so the run counts it as skipped, never as passed.
 */
export const describeWithServices = (
  services: ServiceName[],
  title: string,
  body: (urls: Record<ServiceName, string>) => void,
): void => {
  const missing = services.filter((s) => serviceUrl(s) === undefined);
  if (missing.length > 0) {
    const reason = missing.map((s) => `${s} unavailable (${HOW_TO_PROVIDE[s]})`).join('; ');
    describe(title, () => {
      console.log(`SKIPPED: ${title}: ${reason}`);
      it.skip(`SKIPPED: ${reason}`, () => undefined);
    });
    return;
  }
  const urls = Object.fromEntries(services.map((s) => [s, serviceUrl(s)!])) as Record<ServiceName, string>;
  describe(title, () => body(urls));
};
