import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aLibraryGuide, describeWithServices, startContainerEntry, type ContainerEntry } from '@csm/testkit';

jest.setTimeout(180_000);

/**
 * The resources container entry (`src/serve.ts`) from environment only, as Kubernetes runs it:
 * one `worker` (relay and projections) and one `api` (HTTP only) on real Kafka, a MongoDB-wire
 * server and Keycloak, sharing one SQLite log, beside registration's worker. A county officer's
 * item published by the NCTC through the api is found by search at the write's position, which
 * only the worker's projections can have reached; then both stop on SIGTERM with exit code 0.
 * `CSM_LIBRARY_SEARCH=index`: the MongoDB-wire server of the tests (FerretDB) has no `$text`.
 */
describeWithServices(['kafka', 'mongodb', 'keycloak'], 'resources serve.ts in api and worker roles', ({ kafka, mongodb, keycloak }) => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-resources-serve-'));
  const namespace = `libserve${randomUUID().slice(0, 8)}.`;
  const database = `csm_${namespace.replace(/\W/g, '')}_resources`;
  const registrationDatabase = `csm_${namespace.replace(/\W/g, '')}_registration`;
  const keysDatabase = `csm_${namespace.replace(/\W/g, '')}_keys`;
  const subjectIdSecret = randomBytes(32).toString('base64');
  const processes = new Map<string, ContainerEntry>();

  const start = async (role: 'api' | 'worker' | 'registration-worker') => {
    const registration = role === 'registration-worker';
    const entry = await startContainerEntry(
      registration ? 'services/registration/src/serve.ts' : 'services/resources/src/serve.ts',
      {
        CSM_ROLE: registration ? 'worker' : role,
        CSM_NAMESPACE: namespace,
        CSM_SQLITE_FILE: join(dir, 'events.db'),
        CSM_SUBJECT_ID_SECRET: subjectIdSecret,
        KAFKA_BROKERS: kafka.replace(/^[a-z]+:\/\//, ''),
        MONGODB_URI: mongodb,
        MONGODB_DATABASE: registration ? registrationDatabase : database,
        CSM_REGISTRATION_DATABASE: registrationDatabase,
        CSM_LIBRARY_SEARCH: 'index',
        CSM_KEYS_DATABASE: keysDatabase,
        CSM_KEK: randomBytes(32).toString('base64'),
        OIDC_ISSUER: `${keycloak}/realms/csm`,
      },
      role,
    );
    processes.set(role, entry);
  };
  const stop = (role: string) => processes.get(role)!.stop();
  const token = async (username: string) => {
    const response = await fetch(`${keycloak}/realms/csm/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password' }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    await start('registration-worker');
    await start('worker');
    await start('api');
  });

  afterAll(async () => {
    for (const entry of processes.values()) entry.kill();
    const { MongoReadModels } = await import('@csm/readmodels');
    for (const name of [database, registrationDatabase, keysDatabase]) {
      const readModels = await MongoReadModels.connect(mongodb, name);
      await readModels.dropAll();
      await readModels.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes an item through the api and finds it at its position once the worker has projected it', async () => {
    const api = processes.get('api')!.url;
    const send = async (username: string, path: string, body: unknown) => {
      const response = await fetch(`${api}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await token(username)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { position: string } };
    };
    const item = aLibraryGuide({ title: 'Kuzungumza na kijana: mwongozo wa kaunti', summary: 'Jinsi mzazi anavyoweza kusikiliza na kupata msaada.', language: 'sw' });
    expect((await send('county', '/resources/mwongozo-wa-kaunti', item)).status).toBe(201);
    const published = await send('admin', '/resources/mwongozo-wa-kaunti/publish', {});
    expect(published.status).toBe(202);
    const found = await fetch(`${api}/resources?q=mzazi&minPosition=${published.body.position}`);
    expect({ status: found.status, ids: ((await found.json()) as { items: { resourceId: string }[] }).items.map((i) => i.resourceId) }).toEqual({ status: 200, ids: ['mwongozo-wa-kaunti'] });
    expect(await stop('api')).toBe(0);
    expect(await stop('worker')).toBe(0);
  });
});
