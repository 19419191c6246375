import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServices } from '@csm/testkit';
import {
  byKind,
  CHART,
  helmHome,
  parseManifests,
  run,
  SECRET_VARIABLES,
  selects,
  tool,
  VALUE_SETS,
  valueArgs,
  valueFile,
  type EnvVar,
  type K8sObject,
  type ValueSet,
} from './chart';

/**
 * The chart with helm and kubeconform, no API server needed (issue 11, "Verified on a real
 * Kubernetes API server"): `helm lint --strict`, `kubeconform -strict` on what `helm template`
 * renders for each value set in charts/csm/ci/, the schema refusing broken values, and what every
 * rendered object must hold (probes, security, resources, secrets by reference, network policies
 * selecting every pod). chart-on-api-server.e2e.spec.ts applies, installs and upgrades it.
 *   bash scripts/infra/k8s-tools.sh && source .cache/infra/env && npx jest --selectProjects e2e --testPathPatterns charts/csm
 */
jest.setTimeout(120_000);

const COMPONENTS = ['registration', 'proposals', 'county-plans', 'resources', 'portal'] as const;
const SERVICES = ['registration', 'proposals', 'county-plans', 'resources'] as const;

describeWithServices(['kubernetes-tools'], 'charts/csm: lint, render, validate', () => {
  const helm = helmHome();
  const dir = mkdtempSync(join(tmpdir(), 'csm-chart-values-'));
  const rendered = new Map<ValueSet, K8sObject[]>();

  const template = (values: (string | object)[]) => run(tool('CSM_HELM'), ['template', 'csm', CHART, '--namespace', 'default', ...valueArgs(dir, values)], helm.env);
  const lint = (values: (string | object)[]) => run(tool('CSM_HELM'), ['lint', '--strict', CHART, ...valueArgs(dir, values)], helm.env);
  const kubeconform = (manifests: string) =>
    run(tool('CSM_KUBECONFORM'), ['-strict', '-summary', '-schema-location', tool('CSM_KUBE_SCHEMAS'), '-kubernetes-version', '1.34.0', '-'], {}, manifests);

  beforeAll(async () => {
    for (const set of VALUE_SETS) {
      const out = await template([valueFile(set)]);
      if (out.code !== 0) throw new Error(`helm template with ${set} failed:\n${out.stderr}`);
      rendered.set(set, parseManifests(out.stdout));
    }
  });
  afterAll(() => {
    helm.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const objects = (set: ValueSet) => rendered.get(set)!;
  const deployments = (set: ValueSet) => byKind(objects(set), 'Deployment');
  const deployment = (set: ValueSet, name: string) => {
    const found = deployments(set).find((d) => d.metadata.name === name);
    if (!found) throw new Error(`no Deployment ${name} in ${set}: ${deployments(set).map((d) => d.metadata.name).join(', ')}`);
    return found;
  };
  const container = (d: K8sObject) => d.spec.template.spec.containers[0];
  const envOf = (d: K8sObject) => new Map((container(d).env as EnvVar[]).map((e) => [e.name, e]));
  const plain = (d: K8sObject, name: string) => envOf(d).get(name)?.value;

  describe.each(VALUE_SETS)('the %s value set', (set) => {
    it('passes helm lint --strict', async () => {
      const linted = await lint([valueFile(set)]);
      expect({ code: linted.code, stderr: linted.stderr }).toEqual({ code: 0, stderr: '' });
      expect(linted.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    });

    it('renders only objects kubeconform -strict finds valid for Kubernetes 1.34', async () => {
      const out = await template([valueFile(set)]);
      const checked = await kubeconform(out.stdout);
      const count = objects(set).length;
      expect({ code: checked.code, out: checked.stdout.trim() }).toEqual({
        code: 0,
        out: `Summary: ${count} resources found parsing stdin - Valid: ${count}, Invalid: 0, Errors: 0, Skipped: 0`,
      });
    });

    it('renders a Deployment per service and role (api, worker; the portal api only), a Service, a ServiceAccount and a PodDisruptionBudget per Deployment, no Secret', () => {
      const names = (kind: string) => byKind(objects(set), kind).map((o) => o.metadata.name);
      expect(names('Deployment')).toEqual([
        'csm-registration-api',
        'csm-registration-worker',
        'csm-proposals-api',
        'csm-proposals-worker',
        'csm-county-plans-api',
        'csm-county-plans-worker',
        'csm-resources-api',
        'csm-resources-worker',
        'csm-portal-api',
      ]);
      expect(names('Service').sort()).toEqual(COMPONENTS.map((c) => `csm-${c}`).sort());
      expect(names('ServiceAccount').sort()).toEqual(COMPONENTS.map((c) => `csm-${c}`).sort());
      expect(names('PodDisruptionBudget').sort()).toEqual(names('Deployment').sort());
      expect(names('Secret')).toEqual([]);
      expect(names('Ingress')).toEqual(['csm-portal']);
    });

    it('gives every Deployment startup, liveness and readiness probes, resources and the restricted security context', () => {
      for (const d of deployments(set)) {
        const pod = d.spec.template.spec;
        const c = container(d);
        const where = d.metadata.name;
        expect({ where, probes: [c.startupProbe?.httpGet, c.livenessProbe?.httpGet, c.readinessProbe?.httpGet] }).toEqual({
          where,
          probes: [
            { path: '/healthz', port: 'http' },
            { path: '/healthz', port: 'http' },
            { path: '/readyz', port: 'http' },
          ],
        });
        expect({ where, ports: c.ports }).toEqual({ where, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] });
        expect({ where, requests: Object.keys(c.resources.requests).sort(), limits: Object.keys(c.resources.limits).sort() }).toEqual({
          where,
          requests: ['cpu', 'memory'],
          limits: ['cpu', 'memory'],
        });
        expect({ where, securityContext: c.securityContext }).toEqual({
          where,
          securityContext: {
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
        });
        expect({ where, pod: pod.securityContext }).toMatchObject({ where, pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });
        // A writable /tmp on the read-only root filesystem.
        expect({ where, tmp: c.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/tmp') }).toEqual({ where, tmp: { name: 'tmp', mountPath: '/tmp' } });
        expect({ where, tmp: pod.volumes.find((v: { name: string }) => v.name === 'tmp') }).toEqual({ where, tmp: { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } } });
        expect({ where, automount: pod.automountServiceAccountToken }).toEqual({ where, automount: false });
        // Spread across nodes (or zones): the constraint selects exactly this Deployment's pods.
        const spread = pod.topologySpreadConstraints;
        expect({ where, spread: spread.length }).toEqual({ where, spread: 1 });
        expect({ where, own: selects(spread[0].labelSelector, d.spec.template.metadata.labels) }).toEqual({ where, own: true });
        for (const other of deployments(set).filter((o) => o !== d)) expect({ where, other: other.metadata.name, selects: selects(spread[0].labelSelector, other.spec.template.metadata.labels) }).toMatchObject({ selects: false });
      }
    });

    it('starts each container as the build convention says: node services/<name>/dist/<entry>.js from the image root', () => {
      const commands = Object.fromEntries(deployments(set).map((d) => [d.metadata.name, container(d).command]));
      const serve = (s: string) => ['node', `services/${s}/dist/serve.js`];
      expect(commands).toEqual({
        'csm-registration-api': serve('registration'),
        'csm-registration-worker': serve('registration'),
        'csm-proposals-api': serve('proposals'),
        'csm-proposals-worker': serve('proposals'),
        'csm-county-plans-api': serve('county-plans'),
        'csm-county-plans-worker': serve('county-plans'),
        'csm-resources-api': serve('resources'),
        'csm-resources-worker': serve('resources'),
        'csm-portal-api': ['node', 'services/portal/dist/main.js'],
      });
      for (const d of deployments(set)) expect(container(d).args).toBeUndefined();
    });

    it('takes every credential and key from an existing Secret (secretKeyRef), never from a value', () => {
      const offending: string[] = [];
      for (const d of deployments(set))
        for (const e of container(d).env as EnvVar[]) {
          if (!SECRET_VARIABLES.includes(e.name)) continue;
          const ref = e.valueFrom?.secretKeyRef;
          if (e.value !== undefined || !ref || Object.keys(e.valueFrom!).length !== 1 || !ref.name || !ref.key) offending.push(`${d.metadata.name} ${e.name}`);
        }
      expect(offending).toEqual([]);
      // and every secretKeyRef is one of those
      const refs = deployments(set).flatMap((d) => (container(d).env as EnvVar[]).filter((e) => e.valueFrom).map((e) => e.name));
      expect(refs.filter((n) => !SECRET_VARIABLES.includes(n))).toEqual([]);
    });

    it('hands each service only the secrets it reads: the key-encryption key to registration alone, nothing but the session database to the portal', () => {
      const secretsOf = (name: string) =>
        (container(deployment(set, name)).env as EnvVar[])
          .filter((e) => e.valueFrom)
          .map((e) => e.name)
          .sort();
      const sasl = set === 'minimal' ? [] : ['KAFKA_SASL_PASSWORD'];
      const store = set === 'minimal' ? [] : ['ESDB_CONNECTION_STRING'];
      for (const role of ['api', 'worker'])
        for (const s of SERVICES)
          expect({ d: `${s}-${role}`, secrets: secretsOf(`csm-${s}-${role}`) }).toEqual({
            d: `${s}-${role}`,
            secrets: [...(s === 'registration' ? ['CSM_KEK', 'CSM_KEK_PREVIOUS'] : []), 'CSM_SUBJECT_ID_SECRET', ...store, ...sasl, 'MONGODB_URI'].sort(),
          });
      expect(secretsOf('csm-portal-api')).toEqual(['MONGODB_URI']);
    });

    it('lets the NetworkPolicies deny by default and give every pod exactly one policy of its own', () => {
      const policies = byKind(objects(set), 'NetworkPolicy');
      const deny = policies.find((p) => p.metadata.name === 'csm-default-deny')!;
      expect(deny.spec).toEqual({ podSelector: deny.spec.podSelector, policyTypes: ['Ingress', 'Egress'] });
      for (const d of deployments(set)) {
        const labels = d.spec.template.metadata.labels;
        expect({ pod: d.metadata.name, denied: selects(deny.spec.podSelector, labels) }).toEqual({ pod: d.metadata.name, denied: true });
        const own = policies.filter((p) => p !== deny && selects(p.spec.podSelector, labels)).map((p) => p.metadata.name);
        expect({ pod: d.metadata.name, own }).toEqual({ pod: d.metadata.name, own: [d.metadata.name] });
      }
    });

    it('routes each Service, PodDisruptionBudget and HorizontalPodAutoscaler to exactly the Deployment it belongs to', () => {
      const podsSelectedBy = (selector: Record<string, string>) => deployments(set).filter((d) => selects({ matchLabels: selector }, d.spec.template.metadata.labels)).map((d) => d.metadata.name);
      for (const s of byKind(objects(set), 'Service')) {
        expect({ service: s.metadata.name, pods: podsSelectedBy(s.spec.selector) }).toEqual({ service: s.metadata.name, pods: [`${s.metadata.name}-api`] });
        expect(s.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
      }
      for (const p of byKind(objects(set), 'PodDisruptionBudget')) expect({ pdb: p.metadata.name, pods: podsSelectedBy(p.spec.selector.matchLabels) }).toEqual({ pdb: p.metadata.name, pods: [p.metadata.name] });
      for (const h of byKind(objects(set), 'HorizontalPodAutoscaler')) {
        expect(h.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: h.metadata.name });
        expect(h.metadata.name).toMatch(/-api$/);
        // The autoscaler owns the replica count: the Deployment leaves it unset.
        expect({ hpa: h.metadata.name, replicas: deployment(set, h.metadata.name).spec.replicas }).toEqual({ hpa: h.metadata.name, replicas: undefined });
      }
    });

    it('points the portal at the Services the release renders, through an Ingress with TLS', () => {
      const portal = deployment(set, 'csm-portal-api');
      const services = new Set(byKind(objects(set), 'Service').map((s) => `http://${s.metadata.name}.default.svc:80`));
      for (const variable of ['CSM_REGISTRATION_URL', 'CSM_PROPOSALS_URL', 'CSM_COUNTY_PLANS_URL', 'CSM_RESOURCES_URL']) expect({ variable, known: services.has(plain(portal, variable)!) }).toEqual({ variable, known: true });
      expect(plain(portal, 'CSM_REGISTRATION_URL')).toBe('http://csm-registration.default.svc:80');
      expect(plain(portal, 'CSM_COUNTY_PLANS_URL')).toBe('http://csm-county-plans.default.svc:80');
      expect(plain(portal, 'CSM_RESOURCES_URL')).toBe('http://csm-resources.default.svc:80');
      const [ingress] = byKind(objects(set), 'Ingress');
      const host = ingress!.spec.rules[0].host;
      expect(ingress!.spec.tls).toEqual([{ hosts: [host], secretName: set === 'production' ? 'csm-go-ke-tls' : 'csm-portal-tls' }]);
      expect(ingress!.spec.rules[0].http.paths).toEqual([{ path: '/', pathType: 'Prefix', backend: { service: { name: 'csm-portal', port: { name: 'http' } } } }]);
      expect(new URL(plain(portal, 'CSM_PORTAL_URL')!).host).toBe(host);
      // The portal's policy lets it reach the four services' api pods on their container port, nothing else of the release.
      const policy = byKind(objects(set), 'NetworkPolicy').find((p) => p.metadata.name === 'csm-portal-api')!;
      const toPods = policy.spec.egress.filter((rule: { to: { podSelector?: unknown; namespaceSelector?: unknown }[] }) => rule.to.some((peer) => peer.podSelector && !peer.namespaceSelector));
      expect(toPods).toHaveLength(1);
      const reachable = deployments(set).filter((d) => selects(toPods[0].to[0].podSelector, d.spec.template.metadata.labels)).map((d) => d.metadata.name);
      expect(reachable).toEqual(['csm-registration-api', 'csm-proposals-api', 'csm-county-plans-api', 'csm-resources-api']);
      expect(toPods[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
      // The services' api pods accept the portal; workers accept no one (but the scrapers, when named).
      for (const s of SERVICES) {
        const api = byKind(objects(set), 'NetworkPolicy').find((p) => p.metadata.name === `csm-${s}-api`)!;
        const fromPortal = api.spec.ingress.some((rule: { from: { podSelector?: Record<string, unknown> }[] }) => rule.from.some((peer) => peer.podSelector && selects(peer.podSelector, portal.spec.template.metadata.labels)));
        expect({ s, fromPortal }).toEqual({ s, fromPortal: true });
      }
    });
  });

  /** What each value set switches on or off, so no branch of a template is left unrendered by a test. */
  describe('what the value sets switch', () => {
    const egressPorts = (set: ValueSet, name: string) =>
      (byKind(objects(set), 'NetworkPolicy').find((p) => p.metadata.name === name)!.spec.egress as { ports: { port: number }[] }[]).flatMap((r) => r.ports.map((p) => p.port)).sort((a, b) => a - b);

    it('default: KurrentDB, Kafka with TLS and SCRAM, autoscaled api pods, OTLP export; workers alone reach Kafka', () => {
      const worker = deployment('default', 'csm-registration-worker');
      expect(Object.fromEntries(['CSM_ROLE', 'KAFKA_BROKERS', 'KAFKA_SSL', 'KAFKA_SSL_CA_FILE', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'CSM_TOPIC_REPLICATION_FACTOR', 'CSM_TOPIC_MIN_INSYNC_REPLICAS', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'CSM_SQLITE_FILE', 'NODE_EXTRA_CA_CERTS'].map((n) => [n, plain(worker, n)]))).toEqual({
        CSM_ROLE: 'worker',
        KAFKA_BROKERS: 'csm-kafka-bootstrap.csm-infra.svc:9093',
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: '/etc/csm/kafka-ca/ca.crt',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'csm-services',
        CSM_TOPIC_REPLICATION_FACTOR: '3',
        CSM_TOPIC_MIN_INSYNC_REPLICAS: '2',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://csm-collector.csm-infra.svc:4318',
        CSM_SQLITE_FILE: undefined,
        NODE_EXTRA_CA_CERTS: undefined,
      });
      expect(envOf(worker).get('KAFKA_SASL_PASSWORD')!.valueFrom).toEqual({ secretKeyRef: { name: 'csm-services', key: 'password' } });
      expect(envOf(worker).get('MONGODB_URI')!.valueFrom).toEqual({ secretKeyRef: { name: 'csm-mongodb-services', key: 'connectionString.standardSrv' } });
      expect(envOf(worker).get('ESDB_CONNECTION_STRING')!.valueFrom).toEqual({ secretKeyRef: { name: 'csm-kurrentdb', key: 'connectionString' } });
      // Key-encryption keys rotated out: read while present in the Secret, unset when absent (the usual state).
      expect(envOf(deployment('default', 'csm-registration-api')).get('CSM_KEK_PREVIOUS')!.valueFrom).toEqual({
        secretKeyRef: { name: 'csm-platform', key: 'kekPrevious', optional: true },
      });
      expect(container(worker).volumeMounts).toContainEqual({ name: 'kafka-ca', mountPath: '/etc/csm/kafka-ca', readOnly: true });
      expect(worker.spec.template.spec.volumes).toContainEqual({ name: 'kafka-ca', secret: { secretName: 'csm-cluster-ca-cert', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
      expect(plain(deployment('default', 'csm-registration-api'), 'CSM_ROLE')).toBe('api');
      expect(byKind(objects('default'), 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).toEqual(['csm-registration-api', 'csm-proposals-api', 'csm-county-plans-api', 'csm-resources-api', 'csm-portal-api']);
      expect(worker.spec.replicas).toBe(2);
      // worker: DNS, MongoDB, Keycloak, OTLP, KurrentDB, Kafka; api: the same but Kafka; portal: no store, no Kafka, the services.
      expect(egressPorts('default', 'csm-registration-worker')).toEqual([53, 53, 2113, 4317, 4318, 8080, 8443, 9093, 27017]);
      expect(egressPorts('default', 'csm-registration-api')).toEqual([53, 53, 2113, 4317, 4318, 8080, 8443, 27017]);
      expect(egressPorts('default', 'csm-portal-api')).toEqual([53, 53, 4317, 4318, 8080, 8080, 8443, 27017]);
      expect(byKind(objects('default'), 'NetworkPolicy').find((p) => p.metadata.name === 'csm-registration-worker')!.spec.ingress).toEqual([]);
      expect(container(worker).image).toBe('csm/registration:0.1.0');
      // The library: its own database, registration's relay progress, MongoDB text search by default.
      const library = deployment('default', 'csm-resources-worker');
      expect(Object.fromEntries(['MONGODB_DATABASE', 'CSM_REGISTRATION_DATABASE', 'CSM_LIBRARY_SEARCH'].map((n) => [n, plain(library, n)]))).toEqual({
        MONGODB_DATABASE: 'csm_resources',
        CSM_REGISTRATION_DATABASE: 'csm_registration',
        CSM_LIBRARY_SEARCH: 'text',
      });
      expect(container(library).image).toBe('csm/resources:0.1.0');
      expect(byKind(objects('default'), 'Ingress')[0]!.spec.ingressClassName).toBe('nginx');
    });

    it('production: images by digest from the registry, 3 replicas, autoscaling 3–10, zones, scrapers allowed, the IATI reference, cert-manager, the private CA', () => {
      const api = deployment('production', 'csm-county-plans-api');
      expect(container(api).image).toBe('registry.csm.internal:5000/csm/county-plans:0.1.0@sha256:4f5e2a0d1c3b6a7980e1f2d3c4b5a6978877665544332211ffeeddccbbaa0099');
      expect(api.spec.template.spec.imagePullSecrets).toEqual([{ name: 'csm-registry' }]);
      expect(plain(api, 'CSM_IATI_REPORTING_ORG_REF')).toBe('KE-GOV-NCTC');
      expect(deployment('production', 'csm-county-plans-worker').spec.replicas).toBe(3);
      expect(byKind(objects('production'), 'HorizontalPodAutoscaler').map((h) => [h.spec.minReplicas, h.spec.maxReplicas])).toEqual(Array(5).fill([3, 10]));
      expect(api.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' });
      const worker = byKind(objects('production'), 'NetworkPolicy').find((p) => p.metadata.name === 'csm-proposals-worker')!;
      expect(worker.spec.ingress).toEqual([
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
      ]);
      expect(byKind(objects('production'), 'Ingress')[0]!.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
      expect(plain(deployment('production', 'csm-registration-api'), 'CSM_IATI_REPORTING_ORG_REF')).toBeUndefined();
      // The infrastructure's private CA, trusted by every process (the portal too).
      for (const d of deployments('production')) {
        expect({ d: d.metadata.name, ca: plain(d, 'NODE_EXTRA_CA_CERTS') }).toEqual({ d: d.metadata.name, ca: '/etc/csm/ca/ca.crt' });
        expect(container(d).volumeMounts).toContainEqual({ name: 'trusted-ca', mountPath: '/etc/csm/ca', readOnly: true });
        expect(d.spec.template.spec.volumes).toContainEqual({ name: 'trusted-ca', configMap: { name: 'csm-infra-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
      }
    });

    it('minimal: one SQLite file on the claim, plain Kafka, one pod per role, no autoscaler, no trace export, no store egress', () => {
      const worker = deployment('minimal', 'csm-proposals-worker');
      expect(plain(worker, 'CSM_SQLITE_FILE')).toBe('/var/lib/csm/events.db');
      expect(envOf(worker).has('ESDB_CONNECTION_STRING')).toBe(false);
      expect(container(worker).volumeMounts).toEqual([
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'events', mountPath: '/var/lib/csm' },
      ]);
      expect(worker.spec.template.spec.volumes).toContainEqual({ name: 'events', persistentVolumeClaim: { claimName: 'csm-events' } });
      expect(container(deployment('minimal', 'csm-portal-api')).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(Object.fromEntries(['KAFKA_SSL', 'KAFKA_SSL_CA_FILE', 'KAFKA_SASL_MECHANISM', 'CSM_TOPIC_REPLICATION_FACTOR', 'CSM_TOPIC_MIN_INSYNC_REPLICAS', 'OTEL_EXPORTER_OTLP_ENDPOINT'].map((n) => [n, plain(worker, n)]))).toEqual({
        KAFKA_SSL: 'false',
        KAFKA_SSL_CA_FILE: undefined,
        KAFKA_SASL_MECHANISM: undefined,
        CSM_TOPIC_REPLICATION_FACTOR: '1',
        CSM_TOPIC_MIN_INSYNC_REPLICAS: undefined,
        OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      });
      expect(byKind(objects('minimal'), 'HorizontalPodAutoscaler')).toEqual([]);
      expect(deployments('minimal').map((d) => d.spec.replicas)).toEqual(Array(9).fill(1));
      expect(egressPorts('minimal', 'csm-proposals-worker')).toEqual([53, 53, 8080, 8443, 9092, 27017]);
      expect(byKind(objects('minimal'), 'Ingress')[0]!.spec.ingressClassName).toBeUndefined();
    });

    it('renders no NetworkPolicy when they are switched off', async () => {
      const out = await template([valueFile('minimal'), { networkPolicy: { enabled: false } }]);
      expect(out.code).toBe(0);
      const objects = parseManifests(out.stdout);
      expect(byKind(objects, 'NetworkPolicy')).toEqual([]);
      expect(byKind(objects, 'Deployment')).toHaveLength(9);
    });

    it('names objects after the release, or fullnameOverride', async () => {
      const out = await run(tool('CSM_HELM'), ['template', 'kaunti', CHART, '--set', 'fullnameOverride=pvce'], helm.env);
      const names = byKind(parseManifests(out.stdout), 'Deployment').map((d) => d.metadata.name);
      expect(names[0]).toBe('pvce-registration-api');
      const plainName = await run(tool('CSM_HELM'), ['template', 'kaunti', CHART], helm.env);
      expect(byKind(parseManifests(plainName.stdout), 'Service').map((s) => s.metadata.name)[0]).toBe('kaunti-csm-registration');
    });
  });

  describe('broken values fail through the schema before anything renders', () => {
    it('a wrong type fails helm lint and helm template, naming the value', async () => {
      for (const out of [await lint([{ kafka: { tls: { enabled: 'yes' } } }]), await template([{ kafka: { tls: { enabled: 'yes' } } }])]) {
        expect(out.code).toBe(1);
        expect(`${out.stdout}${out.stderr}`).toContain("at '/kafka/tls/enabled': got string, want boolean");
      }
    });

    it('an unknown field fails helm lint and helm template, naming it', async () => {
      for (const out of [await lint([{ registration: { api: { replicaz: 2 } } }]), await template([{ registration: { api: { replicaz: 2 } } }])]) {
        expect(out.code).toBe(1);
        expect(`${out.stdout}${out.stderr}`).toContain("at '/registration/api': additional properties 'replicaz' not allowed");
      }
    });

    it('a value outside its enum or range fails helm template', async () => {
      const out = await template([{ eventStore: { kind: 'postgres' }, kafka: { topics: { replicationFactor: 0 } }, resources: { librarySearch: 'atlas' } }]);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain("at '/eventStore/kind'");
      expect(out.stderr).toContain("at '/resources/librarySearch'");
      expect(out.stderr).toContain("at '/kafka/topics/replicationFactor'");
    });

    it('min.insync.replicas above the replication factor fails helm template, naming both values', async () => {
      const out = await template([{ kafka: { topics: { replicationFactor: 1, minInsyncReplicas: 2 } } }]);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain('kafka.topics.minInsyncReplicas (2) exceeds kafka.topics.replicationFactor (1): no write could ever be acknowledged');
    });

    it('a secret inlined where a Secret reference belongs fails (the reference is an object of name and key)', async () => {
      const out = await template([{ secrets: { kek: 'c2VjcmV0' } }]);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain("at '/secrets/kek': got string, want object");
    });
  });
});
