import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServices } from '@csm/testkit';

/**
 * Smoke test of the Kubernetes tooling scripts/infra builds (issue 11): helm, kubeconform and the
 * API's JSON schemas on their own, then a real API server (etcd + kube-apiserver on loopback):
 *   bash scripts/infra/up.sh k8s && source .cache/infra/env && npx jest --selectProjects e2e --testPathPatterns k8s.e2e
 * A tiny throwaway chart is written to a temporary folder; nothing here knows the CSM chart.
 */
jest.setTimeout(120_000);

type Run = { code: number; stdout: string; stderr: string };

/** Runs a tool; never throws, so a refusal can be asserted on like a success. */
const run = (command: string, args: string[], env: Record<string, string> = {}): Promise<Run> =>
  new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });

const tool = (name: 'CSM_HELM' | 'CSM_KUBECTL' | 'CSM_KUBECONFORM' | 'CSM_KUBE_SCHEMAS'): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source .cache/infra/env after 'bash scripts/infra/k8s-tools.sh'`);
  return value;
};

/** A chart with a Deployment, a Service and a ConfigMap; `extraContainerFields` lets a test put an unknown field in. */
const writeChart = (root: string): string => {
  const chart = join(root, 'tiny');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), ['apiVersion: v2', 'name: tiny', 'description: A throwaway chart for the infra smoke test', 'version: 0.1.0', 'appVersion: "1.0.0"', ''].join('\n'));
  writeFileSync(
    join(chart, 'values.yaml'),
    [
      '# Pods wanted (nothing runs them on the loopback API server: no scheduler, no kubelet).',
      'replicaCount: 1',
      '# The container image.',
      'image: registry.invalid/tiny:1.0.0',
      '# Greeting put in the ConfigMap.',
      'greeting: habari',
      '# Fields merged into the container as they are (a test puts an unknown one here).',
      'extraContainerFields: {}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(chart, 'templates', 'deployment.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-tiny
  labels: {app.kubernetes.io/name: tiny, app.kubernetes.io/instance: {{ .Release.Name | quote }}}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels: {app.kubernetes.io/name: tiny, app.kubernetes.io/instance: {{ .Release.Name | quote }}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: tiny, app.kubernetes.io/instance: {{ .Release.Name | quote }}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: tiny
          image: {{ .Values.image | quote }}
          ports: [{name: http, containerPort: 8080}]
          envFrom: [{configMapRef: {name: {{ .Release.Name }}-tiny}}]
          securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
          {{- with .Values.extraContainerFields }}
          {{- toYaml . | nindent 10 }}
          {{- end }}
`,
  );
  writeFileSync(
    join(chart, 'templates', 'service.yaml'),
    `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-tiny
  labels: {app.kubernetes.io/name: tiny, app.kubernetes.io/instance: {{ .Release.Name | quote }}}
spec:
  selector: {app.kubernetes.io/name: tiny, app.kubernetes.io/instance: {{ .Release.Name | quote }}}
  ports: [{name: http, port: 80, targetPort: http}]
`,
  );
  writeFileSync(
    join(chart, 'templates', 'configmap.yaml'),
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-tiny
  labels: {app.kubernetes.io/name: tiny, app.kubernetes.io/instance: {{ .Release.Name | quote }}}
data:
  GREETING: {{ .Values.greeting | quote }}
`,
  );
  return chart;
};

const deployment = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'registry.invalid/web:1.0.0' }] } },
      ...extra,
    },
  });

describeWithServices(['kubernetes-tools'], 'infra: helm and kubeconform (no API server needed)', () => {
  let root: string;
  let chart: string;
  let helmHome: Record<string, string>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'csm-k8s-tools-'));
    chart = writeChart(root);
    // Helm's own cache/config/data in the temporary folder, not in the developer's home.
    helmHome = { HELM_CACHE_HOME: join(root, 'helm', 'cache'), HELM_CONFIG_HOME: join(root, 'helm', 'config'), HELM_DATA_HOME: join(root, 'helm', 'data') };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const kubeconform = (manifests: string) => {
    const file = join(root, `${randomUUID()}.yaml`);
    writeFileSync(file, manifests);
    return run(tool('CSM_KUBECONFORM'), ['-strict', '-summary', '-schema-location', tool('CSM_KUBE_SCHEMAS'), '-kubernetes-version', '1.34.0', file]);
  };

  it('helm lint --strict passes the chart', async () => {
    const lint = await run(tool('CSM_HELM'), ['lint', '--strict', chart], helmHome);
    expect({ code: lint.code, stderr: lint.stderr }).toEqual({ code: 0, stderr: '' });
    expect(lint.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it('kubeconform -strict accepts what helm template renders: a Deployment, a Service and a ConfigMap', async () => {
    const rendered = await run(tool('CSM_HELM'), ['template', 'smoke', chart, '--set', 'replicaCount=2'], helmHome);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toContain('replicas: 2');
    const checked = await kubeconform(rendered.stdout);
    expect({ code: checked.code, out: checked.stdout.trim() }).toEqual({
      code: 0,
      out: 'Summary: 3 resources found in 1 file - Valid: 3, Invalid: 0, Errors: 0, Skipped: 0',
    });
  });

  it('kubeconform -strict refuses a value that puts an unknown field into the container, naming it', async () => {
    const rendered = await run(tool('CSM_HELM'), ['template', 'smoke', chart, '--set-json', 'extraContainerFields={"imagePullPolicyy":"Always"}'], helmHome);
    expect(rendered.code).toBe(0);
    const checked = await kubeconform(rendered.stdout);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("additional properties 'imagePullPolicyy' not allowed");
    expect(checked.stdout).toContain('Valid: 2, Invalid: 1');
  });

  it('kubeconform refuses a value of the wrong type (replicas as a word)', async () => {
    const rendered = await run(tool('CSM_HELM'), ['template', 'smoke', chart, '--set-string', 'replicaCount=two'], helmHome);
    const checked = await kubeconform(rendered.stdout);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/Deployment smoke-tiny is invalid.*\/spec\/replicas/);
  });
});

describeWithServices(['kubernetes', 'kubernetes-tools'], 'infra: Kubernetes API server (etcd + kube-apiserver on loopback)', ({ kubernetes: kubeconfig }) => {
  let root: string;
  let chart: string;
  let helmHome: Record<string, string>;
  const kubectl = (...args: string[]) => run(tool('CSM_KUBECTL'), ['--kubeconfig', kubeconfig, ...args]);
  const helm = (...args: string[]) => run(tool('CSM_HELM'), ['--kubeconfig', kubeconfig, ...args], helmHome);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'csm-k8s-'));
    chart = writeChart(root);
    helmHome = { HELM_CACHE_HOME: join(root, 'helm', 'cache'), HELM_CONFIG_HOME: join(root, 'helm', 'config'), HELM_DATA_HOME: join(root, 'helm', 'data') };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is ready and is Kubernetes v1.34.4', async () => {
    expect(await kubectl('get', '--raw', '/readyz')).toMatchObject({ code: 0, stdout: 'ok' });
    const version = await kubectl('version', '-o', 'json');
    expect(JSON.parse(version.stdout)).toMatchObject({ serverVersion: { gitVersion: 'v1.34.4', major: '1', minor: '34' } });
  });

  it('kubectl apply --dry-run=server --validate=strict accepts a valid Deployment and stores nothing', async () => {
    const name = `smoke-${randomUUID().slice(0, 8)}`;
    const file = join(root, `${name}.json`);
    writeFileSync(file, deployment(name));
    const applied = await kubectl('apply', '--dry-run=server', '--validate=strict', '-f', file);
    expect({ code: applied.code, stdout: applied.stdout.trim(), stderr: applied.stderr }).toEqual({
      code: 0,
      stdout: `deployment.apps/${name} created (server dry run)`,
      stderr: '',
    });
    const after = await kubectl('get', 'deployment', name, '-n', 'default');
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('NotFound');
  });

  it('kubectl apply --dry-run=server --validate=strict refuses a Deployment with an unknown field, naming it', async () => {
    const name = `smoke-${randomUUID().slice(0, 8)}`;
    const file = join(root, `${name}.json`);
    writeFileSync(file, deployment(name, { replicaz: 2 }));
    const applied = await kubectl('apply', '--dry-run=server', '--validate=strict', '-f', file);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('unknown field "spec.replicaz"');
  });

  it('helm installs the chart, upgrades it and uninstalls it, the API server holding exactly that', async () => {
    const release = `smoke-${randomUUID().slice(0, 8)}`;
    try {
      const installed = await helm('install', release, chart, '--namespace', 'default');
      expect({ code: installed.code, stderr: installed.stderr }).toEqual({ code: 0, stderr: '' });
      expect(installed.stdout).toContain('STATUS: deployed');

      const stored = await kubectl('get', 'deployment,service,configmap', '-n', 'default', '-l', `app.kubernetes.io/instance=${release}`, '-o', 'name');
      expect(stored.stdout.trim().split('\n')).toEqual([`deployment.apps/${release}-tiny`, `service/${release}-tiny`, `configmap/${release}-tiny`]);
      const configMap = JSON.parse((await kubectl('get', 'configmap', `${release}-tiny`, '-n', 'default', '-o', 'json')).stdout) as { data: Record<string, string> };
      expect(configMap.data).toEqual({ GREETING: 'habari' });

      const upgraded = await helm('upgrade', release, chart, '--namespace', 'default', '--set', 'replicaCount=3', '--set', 'greeting=jambo');
      expect({ code: upgraded.code, stderr: upgraded.stderr }).toEqual({ code: 0, stderr: '' });
      const replicas = await kubectl('get', 'deployment', `${release}-tiny`, '-n', 'default', '-o', 'jsonpath={.spec.replicas}');
      expect(replicas.stdout).toBe('3');
      const greeting = await kubectl('get', 'configmap', `${release}-tiny`, '-n', 'default', '-o', 'jsonpath={.data.GREETING}');
      expect(greeting.stdout).toBe('jambo');
      const history = JSON.parse((await helm('history', release, '--namespace', 'default', '-o', 'json')).stdout) as { revision: number; status: string }[];
      expect(history.map((h) => [h.revision, h.status])).toEqual([
        [1, 'superseded'],
        [2, 'deployed'],
      ]);

      const uninstalled = await helm('uninstall', release, '--namespace', 'default');
      expect(uninstalled).toMatchObject({ code: 0, stdout: expect.stringContaining(`release "${release}" uninstalled`) });
      const left = await kubectl('get', 'deployment,service,configmap', '-n', 'default', '-o', 'name');
      expect(left.stdout).not.toContain(release);
      expect((await helm('list', '--namespace', 'default', '-q')).stdout.split('\n')).not.toContain(release);
    } finally {
      await helm('uninstall', release, '--namespace', 'default', '--ignore-not-found');
    }
  });
});
