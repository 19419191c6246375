import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aTraceparent,
  anOrganizationProfile,
  describeTrace,
  describeWithServices,
  freePort,
  jaegerOtlpEndpoint,
  startContainerEntry,
  waitForTrace,
  type ContainerEntry,
  type JaegerSpan,
  type JaegerTrace,
} from '@csm/testkit';

jest.setTimeout(180_000);

/**
 * Traces leave the process (issue 11): registration's container entry run as an operator runs it,
 * an `api` and a `worker` on one SQLite log, real Kafka, MongoDB wire and Keycloak, both exporting
 * over OTLP to Jaeger (`scripts/infra/up.sh jaeger`). One command over HTTP with a real token is
 * then ONE trace in Jaeger, across both processes: the api's request and append, the worker's
 * relay publishing it and its projectors consuming and applying it — read back through Jaeger's
 * query API. The batch delay is a minute, so the spans can only reach Jaeger through the flush
 * that SIGTERM's shutdown does. And with the collector down, the same entry serves and stops as usual.
 */
describeWithServices(['kafka', 'mongodb', 'keycloak', 'jaeger'], 'traces in Jaeger', ({ kafka, mongodb, keycloak, jaeger }) => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-traces-'));
  const namespace = `traces${randomUUID().slice(0, 8)}.`;
  const db = `csm_${namespace.replace(/\W/g, '')}`;
  const roles: Partial<Record<'api' | 'worker', ContainerEntry>> = {};
  // The same keys in both roles: they share one log and one key store.
  const kek = randomBytes(32).toString('base64');
  const subjectIdSecret = randomBytes(32).toString('base64');

  const start = async (role: 'api' | 'worker', otlpEndpoint = jaegerOtlpEndpoint()!, log = 'events.db') => {
    const entry = await startContainerEntry(
      'services/registration/src/serve.ts',
      {
        CSM_ROLE: role,
        CSM_NAMESPACE: namespace,
        CSM_SQLITE_FILE: join(dir, log),
        CSM_KEYS_DATABASE: `${db}_keys`,
        CSM_KEK: kek,
        CSM_SUBJECT_ID_SECRET: subjectIdSecret,
        KAFKA_BROKERS: kafka.replace(/^[a-z]+:\/\//, ''),
        MONGODB_URI: mongodb,
        MONGODB_DATABASE: `${db}_registration`,
        OIDC_ISSUER: `${keycloak}/realms/csm`,
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
        OTEL_BSP_SCHEDULE_DELAY: '60000',
      },
      `registration ${role}`,
    );
    return entry;
  };
  const tokenOf = (username: string) =>
    fetch(`${keycloak}/realms/csm/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password' }),
    }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);

  beforeAll(async () => {
    roles.worker = await start('worker');
    roles.api = await start('api');
  });

  afterAll(() => {
    for (const entry of Object.values(roles)) entry.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows one command from the api through the relay to the projectors as one trace', async () => {
    const token = await tokenOf('partner');
    // The caller's trace context (as the portal sends it): the trace id is known before Jaeger is asked.
    const { traceparent, traceId } = aTraceparent();
    const registered = await fetch(`${roles.api!.url}/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', traceparent },
      body: JSON.stringify(anOrganizationProfile()),
    });
    expect(registered.status).toBe(201);
    const { position } = (await registered.json()) as { position: string };
    // Read-your-writes through the api: the worker's relay published it and its projection applied it.
    const read = await fetch(`${roles.api!.url}/organizations/amani-youth?minPosition=${position}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);

    // SIGTERM: each process flushes its queued spans before it exits 0.
    expect(await roles.api!.stop()).toBe(0);
    expect(await roles.worker!.stop()).toBe(0);

    const serviceOf = (trace: JaegerTrace, span: JaegerSpan) => trace.processes[span.processID]!.serviceName;
    const spansOf = (trace: JaegerTrace, service: string, prefix: string) =>
      trace.spans.filter((span) => serviceOf(trace, span) === service && span.operationName.startsWith(prefix));
    const trace = await waitForTrace(
      jaeger,
      traceId,
      (t) =>
        spansOf(t, 'registration-api', 'POST /organizations').length === 1 &&
        spansOf(t, 'registration-api', 'append organization-').length === 1 &&
        spansOf(t, 'registration-worker', 'publish ').length > 0 &&
        spansOf(t, 'registration-worker', 'consume ').length > 0 &&
        spansOf(t, 'registration-worker', 'project ').length > 0,
    );
    console.log(`trace ${traceId} in Jaeger:\n  ${describeTrace(trace).join('\n  ')}`);

    const parentOf = (span: JaegerSpan) => trace.spans.find((s) => s.spanID === span.references.find((r) => r.refType === 'CHILD_OF')?.spanID);
    const [request] = spansOf(trace, 'registration-api', 'POST /organizations');
    const [append] = spansOf(trace, 'registration-api', 'append organization-');
    expect(trace.spans.every((span) => span.traceID === traceId)).toBe(true);
    // The api: the request continues the caller's context, the append sits under it.
    expect(request!.references).toEqual([expect.objectContaining({ refType: 'CHILD_OF', traceID: traceId, spanID: traceparent.split('-')[2] })]);
    expect(parentOf(append!)).toBe(request);
    // The relay, in the worker: one publish per event, under the request that appended it, to the namespaced topic.
    for (const publish of spansOf(trace, 'registration-worker', 'publish ')) {
      expect(publish.operationName).toBe(`publish ${namespace}csm.registration.events`);
      expect(parentOf(publish)).toBe(request);
    }
    // The projectors, in the worker: each consume continues the publish (the Kafka header), and applies under it.
    for (const consume of spansOf(trace, 'registration-worker', 'consume ')) {
      expect(serviceOf(trace, parentOf(consume)!)).toBe('registration-worker');
      expect(parentOf(consume)!.operationName).toBe(`publish ${namespace}csm.registration.events`);
    }
    for (const project of spansOf(trace, 'registration-worker', 'project ')) expect(parentOf(project)!.operationName).toMatch(/^consume /);
    // Nothing of it came from anywhere else.
    expect(new Set(trace.spans.map((span) => serviceOf(trace, span)))).toEqual(new Set(['registration-api', 'registration-worker']));
  });

  it('serves commands as usual while the collector is down, says so once, and still stops on SIGTERM', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const api = await start('api', nobody, 'collector-down.db');
    try {
      const registered = await fetch(`${api.url}/organizations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenOf('partner')}`, 'content-type': 'application/json' },
        body: JSON.stringify(anOrganizationProfile()),
      });
      expect(registered.status).toBe(201);
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
      // The batch waits a minute, so this export is the shutdown's flush; it fails, bounded, and the process exits 0.
      const began = Date.now();
      expect(await api.stop()).toBe(0);
      expect(Date.now() - began).toBeLessThan(15_000);
      expect(api.output().split(`traces: export to ${nobody}/v1/traces failed`)).toHaveLength(2);
    } finally {
      api.kill();
    }
  });
});
