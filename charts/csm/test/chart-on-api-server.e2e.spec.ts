import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServices } from '@csm/testkit';
import { CHART, helmHome, parseManifests, run, tool, valueArgs, valueFile, type K8sObject } from './chart';

/**
 * The chart against a real Kubernetes API server (etcd + kube-apiserver v1.34.4 on loopback,
 * scripts/infra): the server validates what the chart renders (`kubectl apply --dry-run=server
 * --validate=strict`: `helm install --dry-run=server` would not), then helm installs, upgrades
 * and uninstalls a release for real. No pod runs there (no scheduler, no kubelet), so nothing
 * waits for readiness: rendered-configuration.e2e.spec.ts starts the processes themselves.
 *   bash scripts/infra/up.sh k8s && source .cache/infra/env && npx jest --selectProjects e2e --testPathPatterns charts/csm
 * Releases get unique names in the namespace `default` (a namespace is never deleted there: no
 * controller finalises it).
 */
jest.setTimeout(180_000);

describeWithServices(['kubernetes', 'kubernetes-tools'], 'charts/csm on a Kubernetes API server', ({ kubernetes: kubeconfig }) => {
  const helmDirs = helmHome();
  const dir = mkdtempSync(join(tmpdir(), 'csm-chart-server-'));
  const kubectl = (args: string[], input?: string) => run(tool('CSM_KUBECTL'), ['--kubeconfig', kubeconfig, ...args], {}, input);
  const helm = (...args: string[]) => run(tool('CSM_HELM'), ['--kubeconfig', kubeconfig, ...args], helmDirs.env);
  const releases: string[] = [];
  const release = () => {
    const name = `kaunti-${randomUUID().slice(0, 8)}`;
    releases.push(name);
    return name;
  };
  const KINDS = 'deployment,service,serviceaccount,poddisruptionbudget,horizontalpodautoscaler,networkpolicy,ingress';

  afterAll(async () => {
    for (const name of releases) await helm('uninstall', name, '--namespace', 'default', '--ignore-not-found');
    helmDirs.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['default', 'production'] as const)('the API server accepts every object the %s value set renders (kubectl apply --dry-run=server --validate=strict) and stores none', async (set) => {
    const name = release();
    const rendered = await run(tool('CSM_HELM'), ['template', name, CHART, '--namespace', 'default', '-f', valueFile(set)], helmDirs.env);
    expect(rendered.code).toBe(0);
    const objects = parseManifests(rendered.stdout);
    const applied = await kubectl(['apply', '--dry-run=server', '--validate=strict', '--namespace', 'default', '-f', '-'], rendered.stdout);
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = applied.stdout.trim().split('\n');
    expect(lines).toHaveLength(objects.length);
    expect(lines.every((l) => l.endsWith(' created (server dry run)'))).toBe(true);
    expect(lines).toContain(`deployment.apps/${name}-csm-registration-worker created (server dry run)`);
    expect(lines).toContain(`horizontalpodautoscaler.autoscaling/${name}-csm-portal-api created (server dry run)`);
    const stored = await kubectl(['get', KINDS, '--namespace', 'default', '-l', `app.kubernetes.io/instance=${name}`, '-o', 'name']);
    expect(stored).toMatchObject({ code: 0, stdout: '' });
  });

  it('the API server refuses a rendered object that strict validation finds wrong, naming the field', async () => {
    const name = release();
    const rendered = await run(tool('CSM_HELM'), ['template', name, CHART, '--namespace', 'default', '-f', valueFile('default')], helmDirs.env);
    const objects = parseManifests(rendered.stdout);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    deployment.spec.template.spec.containers[0].readinessProbez = deployment.spec.template.spec.containers[0].readinessProbe;
    const applied = await kubectl(['apply', '--dry-run=server', '--validate=strict', '--namespace', 'default', '-f', '-'], JSON.stringify(deployment));
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('unknown field "spec.template.spec.containers[0].readinessProbez"');
  });

  it('helm installs a release, upgrades it with a changed value the objects then hold, refuses a broken upgrade, and uninstalls it leaving nothing', async () => {
    const name = release();
    const get = async (kind: string, object: string) => JSON.parse((await kubectl(['get', kind, object, '--namespace', 'default', '-o', 'json'])).stdout) as K8sObject;
    const env = (d: K8sObject, variable: string) => (d.spec.template.spec.containers[0].env as { name: string; value?: string }[]).find((e) => e.name === variable)?.value;

    const installed = await helm('install', name, CHART, '--namespace', 'default', ...valueArgs(dir, [valueFile('default')]));
    expect({ code: installed.code, stderr: installed.stderr }).toEqual({ code: 0, stderr: '' });
    expect(installed.stdout).toContain('STATUS: deployed');
    // NOTES.txt: what was installed and how to reach it.
    expect(installed.stdout).toContain(`CSM 0.1.0 is installed as release "${name}" in namespace "default".`);
    expect(installed.stdout).toContain('The portal:   https://portal.csm.invalid');
    expect(installed.stdout).toContain(`http://${name}-csm-registration.default.svc`);
    expect(installed.stdout).toContain(`http://${name}-csm-resources.default.svc`);
    expect(installed.stdout).toContain('csm-platform/kek  (key-encryption key, base64 of 32 bytes)');
    expect(installed.stdout).toContain('csm-services/password  (password of the Kafka user csm-services)');

    const stored = (await kubectl(['get', KINDS, '--namespace', 'default', '-l', `app.kubernetes.io/instance=${name}`, '-o', 'name'])).stdout.trim().split('\n');
    expect(stored.filter((s) => s.startsWith('deployment.apps/')).sort()).toEqual(
      ['registration-api', 'registration-worker', 'proposals-api', 'proposals-worker', 'county-plans-api', 'county-plans-worker', 'resources-api', 'resources-worker', 'portal-api'].map((d) => `deployment.apps/${name}-csm-${d}`).sort(),
    );
    expect(stored).toHaveLength(9 + 5 + 5 + 9 + 5 + 10 + 1);
    expect((await get('deployment', `${name}-csm-proposals-worker`)).spec.replicas).toBe(2);
    expect(env(await get('deployment', `${name}-csm-proposals-worker`), 'OIDC_ISSUER')).toBe('https://auth.csm.invalid/realms/csm');

    const upgraded = await helm('upgrade', name, CHART, '--namespace', 'default', ...valueArgs(dir, [valueFile('default'), { proposals: { worker: { replicas: 4 } }, oidc: { issuer: 'https://id.csm.go.ke/realms/csm' } }]));
    expect({ code: upgraded.code, stderr: upgraded.stderr }).toEqual({ code: 0, stderr: '' });
    const worker = await get('deployment', `${name}-csm-proposals-worker`);
    expect(worker.spec.replicas).toBe(4);
    expect(env(worker, 'OIDC_ISSUER')).toBe('https://id.csm.go.ke/realms/csm');
    expect(env(await get('deployment', `${name}-csm-portal-api`), 'OIDC_ISSUER')).toBe('https://id.csm.go.ke/realms/csm');

    const broken = await helm('upgrade', name, CHART, '--namespace', 'default', ...valueArgs(dir, [valueFile('default'), { proposals: { worker: { replicas: 'four' } } }]));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("at '/proposals/worker/replicas': got string, want integer");
    expect((await get('deployment', `${name}-csm-proposals-worker`)).spec.replicas).toBe(4);

    const history = JSON.parse((await helm('history', name, '--namespace', 'default', '-o', 'json')).stdout) as { revision: number; status: string }[];
    expect(history.map((h) => [h.revision, h.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);

    const uninstalled = await helm('uninstall', name, '--namespace', 'default');
    expect(uninstalled).toMatchObject({ code: 0, stdout: expect.stringContaining(`release "${name}" uninstalled`) });
    const left = await kubectl(['get', KINDS, '--namespace', 'default', '-l', `app.kubernetes.io/instance=${name}`, '-o', 'name']);
    expect(left).toMatchObject({ code: 0, stdout: '' });
    expect((await helm('list', '--namespace', 'default', '-q')).stdout.split('\n')).not.toContain(name);
  });
});
