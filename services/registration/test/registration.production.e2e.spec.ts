import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServices } from '@csm/testkit';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { EventContracts, InMemorySubjectKeyStore, PersonalDataVault, SubjectIds } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { MongoReadModels } from '@csm/readmodels';
import { createKafka, parseBrokers } from '@csm/bus-kafka';
import { authenticate, createTokenVerifier } from '@csm/identity';
import { startBusRegistration } from '../src/main';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '@csm/telemetry';
import { aProfile } from './organization-builders';

jest.setTimeout(90_000);

/**
 * The registration service in its production shape: relay to real Kafka, consumer groups
 * projecting into a MongoDB-wire server (FerretDB), tokens from real Keycloak. The event store
 * is SQLite here because EventStoreDB cannot be obtained on this machine (its adapter passes
 * the same contract suite when ESDB_CONNECTION_STRING is set).
 */
describeWithServices(['kafka', 'mongodb', 'keycloak'], 'registration on Kafka, MongoDB wire and Keycloak', ({ kafka, mongodb, keycloak }) => {
  const namespace = `e2e${randomUUID().slice(0, 8)}.`;
  let dir: string;
  let store: SqliteEventStore;
  let readModels: MongoReadModels;
  let service: Awaited<ReturnType<typeof startBusRegistration>>;
  let server: Server;
  let baseUrl: string;
  const spans = new InMemorySpanExporter();
  let telemetry: ReturnType<typeof startTelemetry>;

  const token = async (username: string): Promise<string> => {
    const response = await fetch(`${keycloak}/realms/csm/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password' }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const call = async (method: string, path: string, user?: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(user ? { authorization: `Bearer ${await token(user)}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: 'registration-e2e', exporter: spans, immediate: true });
    dir = mkdtempSync(join(tmpdir(), 'csm-prod-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
    const subjectIds = new SubjectIds(randomBytes(32));
    readModels = await MongoReadModels.connect(mongodb, `csm_${namespace.replace(/\W/g, '')}`);
    service = await startBusRegistration({
      store,
      contracts: new EventContracts(eventCatalog(subjectIds)),
      subjectIds,
      readModels,
      vault: new PersonalDataVault(new InMemorySubjectKeyStore()),
      authenticate: authenticate(createTokenVerifier({ issuer: `${keycloak}/realms/csm`, audience: 'csm-api' })),
      kafka: createKafka({ clientId: 'registration-e2e', brokers: parseBrokers(kafka) }),
      relayCheckpoints: store.checkpoints(),
      namespace,
      log: () => undefined,
    });
    server = await new Promise<Server>((resolve) => {
      const s = service.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await service?.stop();
    await readModels?.dropAll();
    await readModels?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await telemetry?.shutdown();
  });

  it('registers, verifies and lists an organisation through Kafka into MongoDB, with Keycloak tokens', async () => {
    expect((await call('POST', '/organizations', 'partner', aProfile())).status).toBe(201);
    expect((await call('POST', '/organizations/amani-youth/submit', 'partner', {})).status).toBe(202);
    const verified = await call('POST', '/organizations/amani-youth/verify', 'admin', { note: 'Checked' });
    expect(verified.status).toBe(202);

    const directory = await call('GET', `/directory?county=001&minPosition=${verified.body.position}`);
    expect(directory.status).toBe(200);
    expect(directory.body.items).toEqual([expect.objectContaining({ _id: 'amani-youth', name: 'Amani Youth Initiative' })]);
    const view = await call('GET', `/organizations/amani-youth?minPosition=${verified.body.position}`, 'partner');
    expect(view.body).toMatchObject({ status: 'verified', profile: { contacts: [expect.objectContaining({ name: 'Programme Lead' })] } });
  });

  it('follows one command from the HTTP request through the append and Kafka to the projector in one trace', async () => {
    const traceId = 'a3ce929d0e0e47364bf92f3577b34da6';
    const invited = await call('POST', '/organizations/amani-youth/members', 'partner', { username: 'partner-member', role: 'member' }, {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(invited.status).toBe(202);
    await service.caughtUp(BigInt(invited.body.position));
    const names = spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['append organization-amani-youth', `consume ${namespace}registration.organizations`]));
  });

  it('refuses the wrong role and the wrong organisation with Keycloak tokens', async () => {
    expect((await call('POST', '/organizations/amani-youth/verify', 'partner', {})).status).toBe(403);
    expect((await call('POST', '/organizations/amani-youth/submit', 'partner2', {})).status).toBe(403);
    expect((await call('GET', '/organizations/amani-youth/history')).status).toBe(401);
  });
});
