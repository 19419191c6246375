import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aCallDetails, anOrganizationProfile, describeWithServices, startContainerEntry, type ContainerEntry } from '@csm/testkit';

jest.setTimeout(240_000);

type Service = 'registration' | 'proposals';

/**
 * The production shape of ARCHITECTURE §6 with the container entry of registration: two `api`
 * processes (HTTP only, no projection, no relay) and one `worker` (relay and projections), on
 * real Kafka, a MongoDB-wire server and Keycloak, sharing one SQLite log. A client writes
 * through one api and reads its write through the other; the worker is restarted with nothing
 * new to consume, and every read of earlier writes still answers at once. A proposals worker and
 * api run beside them, the api reading registration's facts through its relay's stored progress.
 */
describeWithServices(['kafka', 'mongodb', 'keycloak'], 'api and worker roles', ({ kafka, mongodb, keycloak }) => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-roles-'));
  const namespace = `roles${randomUUID().slice(0, 8)}.`;
  // One key-encryption key and subject-id secret for every process, as one Secret would give them.
  const kek = randomBytes(32).toString('base64');
  const subjectIdSecret = randomBytes(32).toString('base64');
  const databaseOf = (service: Service | 'keys') => `csm_${namespace.replace(/\W/g, '')}_${service}`;
  const processes = new Map<string, ContainerEntry>();
  const tokens = new Map<string, string>();

  /** One node process per role (no wrapper), so a signal reaches the service itself. */
  const start = async (name: string, role: 'api' | 'worker', service: Service = 'registration') => {
    const entry = await startContainerEntry(
      `services/${service}/src/serve.ts`,
      {
        CSM_ROLE: role,
        CSM_NAMESPACE: namespace,
        CSM_SQLITE_FILE: join(dir, 'events.db'),
        CSM_KEYS_DATABASE: databaseOf('keys'),
        CSM_KEK: kek,
        CSM_SUBJECT_ID_SECRET: subjectIdSecret,
        KAFKA_BROKERS: kafka.replace(/^[a-z]+:\/\//, ''),
        MONGODB_URI: mongodb,
        MONGODB_DATABASE: databaseOf(service),
        CSM_REGISTRATION_DATABASE: databaseOf('registration'),
        OIDC_ISSUER: `${keycloak}/realms/csm`,
      },
      `${name} (${role})`,
    );
    processes.set(name, entry);
  };
  const stop = (name: string) => processes.get(name)!.stop();
  const token = async (username: string) => {
    if (!tokens.has(username)) {
      const response = await fetch(`${keycloak}/realms/csm/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password' }),
      });
      tokens.set(username, ((await response.json()) as { access_token: string }).access_token);
    }
    return tokens.get(username)!;
  };
  const call = async (name: string, user: string | undefined, method: string, path: string, body?: unknown) => {
    const started = Date.now();
    const response = await fetch(`${processes.get(name)!.url}${path}`, {
      method,
      headers: { ...(user ? { authorization: `Bearer ${await token(user)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: (await response.json()) as any, ms: Date.now() - started };
  };

  beforeAll(async () => {
    await start('worker', 'worker');
    await start('api-1', 'api');
    await start('api-2', 'api');
    await start('proposals-worker', 'worker', 'proposals');
    await start('proposals-api', 'api', 'proposals');
  });

  afterAll(async () => {
    for (const entry of processes.values()) entry.kill();
    const { MongoReadModels } = await import('@csm/readmodels');
    for (const service of ['registration', 'proposals'] as const) {
      const readModels = await MongoReadModels.connect(mongodb, databaseOf(service));
      await readModels.dropAll();
      await readModels.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** Positions of the writes made so far, each with what a read at it must show. */
  const written: { position: string; status: string }[] = [];

  it('reads through one api a write made through the other', async () => {
    expect((await call('api-1', 'partner', 'POST', '/organizations', anOrganizationProfile())).status).toBe(201);
    const submitted = await call('api-1', 'partner', 'POST', '/organizations/amani-youth/submit', {});
    expect(submitted.status).toBe(202);
    written.push({ position: submitted.body.position, status: 'submitted' });
    const seen = await call('api-2', 'partner', 'GET', `/organizations/amani-youth?minPosition=${submitted.body.position}`);
    expect(seen).toMatchObject({ status: 200, body: { _id: 'amani-youth', status: 'submitted' } });

    const verified = await call('api-2', 'admin', 'POST', '/organizations/amani-youth/verify', { note: 'Checked' });
    expect(verified.status).toBe(202);
    written.push({ position: verified.body.position, status: 'verified' });
    const listed = await call('api-1', undefined, 'GET', `/directory?county=001&minPosition=${verified.body.position}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ _id: 'amani-youth' })]);
  });

  it('reads in a proposals api what registration and proposals workers projected, up to a position of either', async () => {
    expect((await call('proposals-api', 'admin', 'POST', '/calls', { callId: 'roles-call', details: aCallDetails() })).status).toBe(201);
    const published = await call('proposals-api', 'admin', 'POST', '/calls/roles-call/publish', {});
    expect(published.status).toBe(202);
    const read = await call('proposals-api', undefined, 'GET', `/calls/roles-call?minPosition=${published.body.position}`);
    expect(read).toMatchObject({ status: 200, body: { _id: 'roles-call', status: 'published' } });
    // The verification's position is waited for on registration's relay too (the verified-organisations projection).
    const asked = await call('proposals-api', 'partner', 'POST', '/calls/roles-call/clarifications', { question: 'Can two CBOs apply jointly with one lead?' });
    expect(asked.status).toBe(202);
  });

  it('answers reads of earlier writes at once through both apis after the worker restarted with nothing new', async () => {
    expect(await stop('worker')).toBe(0);
    await start('worker', 'worker');
    const last = written.at(-1)!;
    for (const api of ['api-1', 'api-2']) {
      for (const { position } of written) {
        const read = await call(api, 'partner', 'GET', `/organizations/amani-youth?minPosition=${position}`);
        expect({ api, position, status: read.status, organisation: read.body.status }).toEqual({ api, position, status: 200, organisation: last.status });
        // At once: nothing to wait for, where the old code held the request until its 5-s bound.
        expect(read.ms).toBeLessThan(2_000);
      }
    }
  });

  it('reads through one api a write made through the other after the worker restarted', async () => {
    const invited = await call('api-2', 'partner', 'POST', '/organizations/amani-youth/members', { username: 'partner-member', role: 'member' });
    expect(invited.status).toBe(202);
    const seen = await call('api-1', 'partner', 'GET', `/organizations/amani-youth?minPosition=${invited.body.position}`);
    expect(seen.status).toBe(200);
    expect(seen.body.members).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'partner-member', role: 'member' })]));
  });

  it('stops every role cleanly on SIGTERM', async () => {
    for (const name of ['api-1', 'api-2', 'worker', 'proposals-api', 'proposals-worker']) expect({ name, code: await stop(name) }).toEqual({ name, code: 0 });
  });
});
