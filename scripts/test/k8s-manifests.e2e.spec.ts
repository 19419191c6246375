import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { deadLetterTopic, TOPICS } from '@csm/contracts';
import { describeWithServices } from '@csm/testkit';

/**
 * The cluster infrastructure under k8s/ (issue 11) against the loopback Kubernetes API server with
 * the operators' real CRDs (scripts/infra/crds.sh): every manifest passes
 * `kubectl apply --dry-run=server --validate=strict`, an unknown field or a wrong type is refused,
 * and the platform's invariants hold (3 brokers, RF 3 and min ISR 2 for every topic it uses, …).
 *   bash scripts/infra/up.sh k8s && source .cache/infra/env && npx jest --selectProjects e2e --testPathPatterns k8s-manifests
 */
jest.setTimeout(300_000);

type Run = { code: number; stdout: string; stderr: string };
type Doc = { apiVersion: string; kind: string; metadata: { name: string }; spec?: Record<string, any>; data?: Record<string, string> };

const ROOT = join(__dirname, '..', '..');
const K8S = join(ROOT, 'k8s');
const CRDS = join(process.env.CSM_INFRA_HOME ?? join(ROOT, '.cache', 'infra'), 'crds');
/** Keycloak's operator CRDs are published in no registry reachable here (k8s/README.md). */
const WITHOUT_CRD = ['keycloak/keycloak.yaml', 'keycloak/realm-import.yaml'];

const run = (command: string, args: string[], timeout = 240_000): Promise<Run> =>
  new Promise((resolve) => {
    execFile(command, args, { env: process.env, maxBuffer: 64 * 1024 * 1024, timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });

const tool = (name: 'CSM_KUBECTL' | 'CSM_KUBECONFORM'): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source .cache/infra/env after 'bash scripts/infra/up.sh k8s'`);
  return value;
};

const manifestFiles = (): string[] =>
  readdirSync(K8S, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();

const docsOf = (file: string): Doc[] =>
  parseAllDocuments(readFileSync(join(K8S, file), 'utf8'))
    .map((d) => d.toJS() as Doc | null)
    .filter((d): d is Doc => d !== null);

const allDocs = (): Doc[] => manifestFiles().flatMap(docsOf);
const ofKind = (kind: string): Doc[] => allDocs().filter((d) => d.kind === kind);

/** Every `image:` value anywhere in a manifest. */
const imagesIn = (value: unknown, found: string[] = []): string[] => {
  if (Array.isArray(value)) value.forEach((v) => imagesIn(v, found));
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if (key === 'image' && typeof v === 'string') found.push(v);
      else imagesIn(v, found);
    }
  return found;
};

describe('k8s/: the platform invariants, read from the manifests', () => {
  it('declares a KafkaTopic for exactly the topics the platform uses (contracts TOPICS and their dead-letter twins)', () => {
    const declared = ofKind('KafkaTopic').map((t) => t.spec!.topicName as string);
    const used = Object.values(TOPICS).flatMap((t) => [t, deadLetterTopic(t)]);
    expect([...declared].sort()).toEqual([...used].sort());
    expect(ofKind('KafkaTopic').map((t) => t.metadata.name).sort()).toEqual([...used].sort());
  });

  it('every topic: replication factor 3, min.insync.replicas 2, on the cluster csm', () => {
    for (const topic of ofKind('KafkaTopic')) {
      expect({ name: topic.metadata.name, replicas: topic.spec!.replicas, minIsr: topic.spec!.config['min.insync.replicas'] }).toEqual({
        name: topic.metadata.name,
        replicas: 3,
        minIsr: 2,
      });
      expect(topic.metadata).toMatchObject({ labels: { 'strimzi.io/cluster': 'csm' } });
    }
  });

  it('Kafka: KRaft through node pools, 3 brokers and 3 controllers, broker defaults RF 3 / min ISR 2, no topic created on use', () => {
    const pools = ofKind('KafkaNodePool');
    const replicasWithRole = (role: string) => pools.filter((p) => (p.spec!.roles as string[]).includes(role)).reduce((n, p) => n + (p.spec!.replicas as number), 0);
    expect(replicasWithRole('broker')).toBe(3);
    expect(replicasWithRole('controller')).toBe(3);
    const [kafka] = ofKind('Kafka');
    expect(ofKind('Kafka')).toHaveLength(1);
    expect(kafka.spec!.zookeeper).toBeUndefined();
    expect(kafka.spec!.kafka.config).toMatchObject({
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'auto.create.topics.enable': false,
    });
    for (const pool of pools) expect(pool.metadata).toMatchObject({ labels: { 'strimzi.io/cluster': kafka.metadata.name } });
  });

  it('MongoDB: a replica set of 3 whose users take their passwords from Secrets', () => {
    const [mongo] = ofKind('MongoDBCommunity');
    expect(mongo.spec).toMatchObject({ type: 'ReplicaSet', members: 3 });
    for (const user of mongo.spec!.users as Record<string, any>[]) {
      expect(user.passwordSecretRef).toEqual({ name: expect.any(String), key: expect.any(String) });
      expect(user).not.toHaveProperty('password');
    }
  });

  it('MongoDB: the services’ user may read and write every database the chart names (charts/csm values.yaml mongodb.databases)', () => {
    const [mongo] = ofKind('MongoDBCommunity');
    const chartValues = parse(readFileSync(join(ROOT, 'charts', 'csm', 'values.yaml'), 'utf8')) as { mongodb: { databases: Record<string, string>; uriSecret: { name: string } } };
    const user = (mongo.spec!.users as Record<string, any>[]).find((u) => u.connectionStringSecretName === chartValues.mongodb.uriSecret.name)!;
    const readWrite = (user.roles as { name: string; db: string }[]).filter((r) => r.name === 'readWrite').map((r) => r.db);
    expect([...readWrite].sort()).toEqual(Object.values(chartValues.mongodb.databases).sort());
  });

  it('KurrentDB: 3 nodes that form one cluster of 3, at most one down at a time', () => {
    const [store] = ofKind('StatefulSet').filter((s) => s.metadata.name === 'csm-kurrentdb');
    expect(store.spec!.replicas).toBe(3);
    const env = new Map((store.spec!.template.spec.containers[0].env as { name: string; value?: string }[]).map((e) => [e.name, e.value]));
    expect(env.get('KURRENTDB_CLUSTER_SIZE')).toBe('3');
    expect(ofKind('PodDisruptionBudget').find((p) => p.metadata.name === 'csm-kurrentdb')!.spec).toMatchObject({ maxUnavailable: 1 });
  });

  it('Keycloak: 3 instances, and the realm import names it', () => {
    const [keycloak] = ofKind('Keycloak');
    expect(keycloak.spec!.instances).toBe(3);
    expect(ofKind('KeycloakRealmImport').map((r) => r.spec!.keycloakCRName)).toEqual([keycloak.metadata.name]);
  });

  it('the OpenTelemetry collector takes OTLP in and exports OTLP to a configurable backend', () => {
    const [collector] = ofKind('OpenTelemetryCollector');
    expect(Object.keys(collector.spec!.config.receivers.otlp.protocols).sort()).toEqual(['grpc', 'http']);
    expect(collector.spec!.config.exporters.otlp.endpoint).toBe('${env:OTLP_BACKEND_ENDPOINT}');
    expect(collector.spec!.config.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp'] });
  });

  it('every image is pinned to a version tag, never latest, and no Secret value is committed', () => {
    const images = allDocs().flatMap((d) => imagesIn(d));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^[^:@\s]+(:\d[\w.-]*)$/);
    for (const file of manifestFiles()) expect({ file, latest: /:latest\b/.test(readFileSync(join(K8S, file), 'utf8')) }).toEqual({ file, latest: false });
    expect(ofKind('Secret')).toEqual([]);
  });
});

describeWithServices(['kubernetes', 'kubernetes-tools'], 'k8s/ against the API server with the operators\' own CRDs', ({ kubernetes: kubeconfig }) => {
  let scratch: string;
  const kubectl = (...args: string[]) => run(tool('CSM_KUBECTL'), ['--kubeconfig', kubeconfig, ...args]);
  const dryRun = (file: string) => kubectl('apply', '--dry-run=server', '--validate=strict', '-n', 'default', '-f', file);
  /** A manifest of k8s/ with one document changed, written to a scratch file. */
  const variant = (file: string, kind: string, change: (doc: Doc) => void): string => {
    const docs = docsOf(file).filter((d) => d.kind === kind).slice(0, 1);
    change(docs[0]);
    const path = join(scratch, `${kind}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(docs[0]));
    return path;
  };

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'csm-k8s-manifests-'));
    const fetched = await run('bash', [join(ROOT, 'scripts', 'infra', 'crds.sh')]);
    if (fetched.code !== 0) throw new Error(`scripts/infra/crds.sh failed:\n${fetched.stdout}\n${fetched.stderr}`);
    // CRDs are cluster-scoped: applied server-side, idempotently, by a field manager of our own
    // (the Kafka CRD is too large for client-side apply's annotation).
    for (const folder of readdirSync(CRDS, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.endsWith('.partial'))) {
      const applied = await kubectl('apply', '--server-side', '--force-conflicts', '--field-manager', 'csm-k8s-manifests', '-f', join(CRDS, folder.name));
      if (applied.code !== 0) throw new Error(`applying the CRDs of ${folder.name} failed: ${applied.stderr}`);
    }
    const established = await kubectl('wait', '--for=condition=Established', '--timeout=60s', 'crd/kafkas.kafka.strimzi.io', 'crd/kafkatopics.kafka.strimzi.io', 'crd/kafkanodepools.kafka.strimzi.io', 'crd/kafkausers.kafka.strimzi.io', 'crd/mongodbcommunity.mongodbcommunity.mongodb.com', 'crd/opentelemetrycollectors.opentelemetry.io');
    if (established.code !== 0) throw new Error(`the CRDs are not established: ${established.stderr}`);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(manifestFiles().filter((f) => !WITHOUT_CRD.includes(f)))('%s passes apply --dry-run=server --validate=strict', async (file) => {
    const applied = await dryRun(join(K8S, file));
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = applied.stdout.trim().split('\n');
    expect(lines).toHaveLength(docsOf(file).length);
    for (const line of lines) expect(line).toMatch(/ created \(server dry run\)$/);
  });

  it('refuses an unknown field in the Kafka resource, naming it', async () => {
    const applied = await dryRun(variant('kafka/kafka.yaml', 'Kafka', (d) => (d.spec!.kafka.replicaz = 3)));
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('unknown field "spec.kafka.replicaz"');
  });

  it('refuses a KafkaTopic whose replicas is not a number', async () => {
    const applied = await dryRun(variant('kafka/kafka-topics.yaml', 'KafkaTopic', (d) => (d.spec!.replicas = 'three')));
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/spec\.replicas.*(integer|Invalid value)/);
  });

  it('refuses an unknown field in the MongoDB replica set and in the collector', async () => {
    const mongo = await dryRun(variant('mongodb/mongodb.yaml', 'MongoDBCommunity', (d) => (d.spec!.memberz = 3)));
    expect(mongo.code).toBe(1);
    expect(mongo.stderr).toContain('unknown field "spec.memberz"');
    const collector = await dryRun(variant('otel/collector.yaml', 'OpenTelemetryCollector', (d) => (d.spec!.modes = 'deployment')));
    expect(collector.code).toBe(1);
    expect(collector.stderr).toContain('unknown field "spec.modes"');
  });

  it('refuses an unknown field in the KurrentDB StatefulSet (core schema)', async () => {
    const applied = await dryRun(variant('kurrentdb/kurrentdb.yaml', 'StatefulSet', (d) => (d.spec!.replicaz = 3)));
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('unknown field "spec.replicaz"');
  });

  it("Keycloak's CRDs are not obtainable here, so its two manifests are the only ones without a schema: kubeconform says so rather than passing them", async () => {
    const files = WITHOUT_CRD.map((f) => join(K8S, f));
    const checked = await run(tool('CSM_KUBECONFORM'), ['-strict', '-summary', '-ignore-missing-schemas', '-schema-location', process.env.CSM_KUBE_SCHEMAS ?? '', '-kubernetes-version', '1.34.0', ...files]);
    expect({ code: checked.code, summary: checked.stdout.trim().split('\n').pop() }).toEqual({
      code: 0,
      summary: 'Summary: 2 resources found in 2 files - Valid: 0, Invalid: 0, Errors: 0, Skipped: 2',
    });
    expect(readdirSync(CRDS).filter((d) => d.startsWith('keycloak'))).toEqual([]);
    // Nothing else goes without a schema: every other manifest is dry-run above.
    expect(WITHOUT_CRD).toEqual(manifestFiles().filter((f) => f.startsWith('keycloak/')));
  });
});
