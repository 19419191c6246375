import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anOrganizationProfile, describeWithServices, freePort, type ContainerEntry } from '@csm/testkit';
import { byKind, CHART, helmHome, parseManifests, run, selects, tool, valueArgs, type EnvVar, type K8sObject } from './chart';
import { resolveEnv, startRenderedProcess } from './rendered-process';

/**
 * The rendered configuration boots the platform (issue 11): the chart is rendered with values
 * pointing at the shared Kafka, FerretDB (MongoDB wire) and Keycloak on 127.0.0.1 and one SQLite
 * event log; each Deployment's command and environment (its secretKeyRefs read from a test
 * Secret map, as the kubelet would) starts one process from the repository root, with nothing
 * else in its environment. Every one becomes ready. Then an organisation registered and verified
 * through the registration api is projected by the worker (over Kafka) and shown by the portal,
 * which reaches the api through the Service URL the chart rendered.
 *
 * What a pod's network gives and a loopback process lacks is supplied, and only that: PORT and
 * HOST (each pod has its own address; here each process gets a free loopback port), and the
 * Service names (`http://<service>.<namespace>.svc:80`), translated to the loopback address of
 * the api process the Service selects. The commands are the build convention's
 * (`node services/<name>/dist/…`), built once by the test (asBuilt) and run as rendered.
 *   source .cache/infra/env && npx jest --selectProjects e2e --testPathPatterns rendered-configuration
 */
jest.setTimeout(300_000);

describeWithServices(['kafka', 'mongodb', 'keycloak', 'kubernetes-tools'], 'charts/csm: the rendered configuration boots the services', ({ kafka, mongodb, keycloak }) => {
  const helm = helmHome();
  const dir = mkdtempSync(join(tmpdir(), 'csm-chart-boot-'));
  const id = randomUUID().slice(0, 8);
  const database = (name: string) => `csm_chart${id}_${name}`;
  const secrets = new Map([
    ['csm-mongodb-services', new Map([['connectionString.standardSrv', mongodb]])],
    [
      'csm-platform',
      new Map([
        ['kek', randomBytes(32).toString('base64')],
        ['subjectIdSecret', randomBytes(32).toString('base64')],
      ]),
    ],
  ]);
  const processes = new Map<string, ContainerEntry>();
  let objects: K8sObject[] = [];
  let portalPort = 0;

  const values = () => ({
    namespacePrefix: `chart${id}.`,
    kafka: {
      brokers: kafka.replace(/^[a-z]+:\/\//, ''),
      tls: { enabled: false, caSecret: { name: '', key: 'ca.crt' } },
      sasl: { mechanism: 'none', username: 'unused', passwordSecret: { name: 'unused', key: 'password' } },
      topics: { replicationFactor: 1, minInsyncReplicas: 0 },
    },
    eventStore: { kind: 'sqlite', sqlite: { path: join(dir, 'events.db'), existingClaim: 'csm-events' } },
    mongodb: {
      databases: {
        registration: database('registration'),
        proposals: database('proposals'),
        countyPlans: database('county_plans'),
        resources: database('resources'),
        subjectKeys: database('keys'),
        portal: database('portal'),
      },
    },
    oidc: { issuer: `${keycloak}/realms/csm` },
    telemetry: { otlpEndpoint: '' },
    // FerretDB has no MongoDB text search: the library searches its own index.
    resources: { librarySearch: 'index' },
    portal: { publicUrl: `http://127.0.0.1:${portalPort}` },
  });

  /** What the cluster's DNS and Services do: `http://<service>.<namespace>.svc:80` → the api process that Service selects. */
  const throughServices = (env: Map<string, string>): Map<string, string> => {
    const services = byKind(objects, 'Service');
    return new Map(
      [...env].map(([name, value]) => {
        const match = /^http:\/\/([a-z0-9-]+)\.default\.svc:80$/.exec(value);
        if (!match) return [name, value];
        const service = services.find((s) => s.metadata.name === match[1]);
        if (!service) throw new Error(`${name}=${value}: no such Service in the release`);
        const [target] = byKind(objects, 'Deployment').filter((d) => selects({ matchLabels: service.spec.selector }, d.spec.template.metadata.labels));
        const started = processes.get(target!.metadata.name);
        if (!started) throw new Error(`${name}=${value}: ${target!.metadata.name} is not started yet`);
        return [name, started.url];
      }),
    );
  };

  const start = async (deployment: K8sObject) => {
    const container = deployment.spec.template.spec.containers[0];
    const env = throughServices(resolveEnv(container.env as EnvVar[], secrets));
    const port = deployment.metadata.name === 'csm-portal-api' ? portalPort : await freePort();
    env.set('PORT', String(port));
    env.set('HOST', '127.0.0.1');
    const started = await startRenderedProcess(deployment.metadata.name, [...container.command, ...(container.args ?? [])], env, port);
    processes.set(deployment.metadata.name, started);
  };

  beforeAll(async () => {
    portalPort = await freePort();
    const rendered = await run(tool('CSM_HELM'), ['template', 'csm', CHART, '--namespace', 'default', ...valueArgs(dir, [values()])], helm.env);
    if (rendered.code !== 0) throw new Error(`helm template failed:\n${rendered.stderr}`);
    objects = parseManifests(rendered.stdout);
    const deployments = byKind(objects, 'Deployment');
    // The services first (in parallel: each its own process), then the portal, which names their Services.
    await Promise.all(deployments.filter((d) => d.metadata.name !== 'csm-portal-api').map(start));
    await start(deployments.find((d) => d.metadata.name === 'csm-portal-api')!);
  });

  afterAll(() => {
    for (const p of processes.values()) p.kill();
    helm.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = async (username: string) => {
    const response = await fetch(`${keycloak}/realms/csm/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password' }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const call = async (deployment: string, user: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${processes.get(deployment)!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(user)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('starts every Deployment of the release from its rendered command and environment, and each becomes ready', async () => {
    expect([...processes.keys()].sort()).toEqual(
      ['csm-county-plans-api', 'csm-county-plans-worker', 'csm-portal-api', 'csm-proposals-api', 'csm-proposals-worker', 'csm-registration-api', 'csm-registration-worker', 'csm-resources-api', 'csm-resources-worker'].sort(),
    );
    for (const [name, p] of processes) {
      const ready = await fetch(`${p.url}/readyz`);
      expect({ name, status: ready.status }).toEqual({ name, status: 200 });
      const alive = await fetch(`${p.url}/healthz`);
      expect({ name, status: alive.status }).toEqual({ name, status: 200 });
    }
    // Each process runs in the role its Deployment names.
    expect(processes.get('csm-proposals-worker')!.output()).toContain('proposals worker');
    expect(processes.get('csm-proposals-api')!.output()).toContain('proposals api');
    expect(processes.get('csm-resources-worker')!.output()).toContain('resources worker');
    expect(processes.get('csm-resources-api')!.output()).toContain('resources api');
  });

  it('the worker projects what the api appended (over Kafka), and the portal shows it through the Service URL it was given', async () => {
    expect((await call('csm-registration-api', 'partner', 'POST', '/organizations', anOrganizationProfile())).status).toBe(201);
    expect((await call('csm-registration-api', 'partner', 'POST', '/organizations/amani-youth/submit', {})).status).toBe(202);
    const verified = await call('csm-registration-api', 'admin', 'POST', '/organizations/amani-youth/verify', {});
    expect(verified.status).toBe(202);
    // The api answers minPosition from the checkpoints the worker's projections store.
    const read = await call('csm-registration-api', 'admin', 'GET', `/organizations/amani-youth?minPosition=${verified.body.position}`);
    expect(read).toMatchObject({ status: 200, body: { _id: 'amani-youth', status: 'verified' } });

    const page = await fetch(`${processes.get('csm-portal-api')!.url}/directory/amani-youth`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Amani Youth Initiative');
    // The library through CSM_RESOURCES_URL: the resources api answers (an unreachable service would make the page say so).
    const library = await fetch(`${processes.get('csm-portal-api')!.url}/library`);
    expect(library.status).toBe(200);
    for (const path of ['/calls', '/counties']) {
      const other = await fetch(`${processes.get('csm-portal-api')!.url}${path}`);
      expect({ path, status: other.status }).toEqual({ path, status: 200 });
    }
  });

  it('every process stops cleanly on SIGTERM, as the kubelet stops a pod', async () => {
    const codes = await Promise.all([...processes].map(async ([name, p]) => ({ name, code: await p.stop() })));
    expect(codes.filter((c) => c.code !== 0)).toEqual([]);
  });
});
