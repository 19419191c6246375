import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aCountyPlan, describeWithServices, startContainerEntry, type ContainerEntry } from '@csm/testkit';

jest.setTimeout(180_000);

/**
 * The county-plans container entry (`src/serve.ts`) from environment only, as Kubernetes runs
 * it: one `worker` (relay and projections) and one `api` (HTTP only) on real Kafka, a
 * MongoDB-wire server and Keycloak, sharing one SQLite log. A write through the api is read
 * back through it at its position, which only the worker's projections can have reached; then
 * both stop on SIGTERM with exit code 0.
 */
describeWithServices(['kafka', 'mongodb', 'keycloak'], 'county-plans serve.ts in api and worker roles', ({ kafka, mongodb, keycloak }) => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-county-plans-serve-'));
  const namespace = `cpserve${randomUUID().slice(0, 8)}.`;
  const database = `csm_${namespace.replace(/\W/g, '')}_county_plans`;
  const registrationDatabase = `csm_${namespace.replace(/\W/g, '')}_registration`;
  const proposalsDatabase = `csm_${namespace.replace(/\W/g, '')}_proposals`;
  const keysDatabase = `csm_${namespace.replace(/\W/g, '')}_keys`;
  const subjectIdSecret = randomBytes(32).toString('base64');
  const processes = new Map<string, ContainerEntry>();

  /**
   * County plans' own processes, or registration's or proposals' worker: as in production they
   * relay their streams, and county plans' projections fed by those topics (organisations,
   * awards, the map's partnerships) are read-your-writes against their progress.
   */
  const start = async (role: 'api' | 'worker' | 'registration-worker' | 'proposals-worker') => {
    const registration = role === 'registration-worker';
    const proposals = role === 'proposals-worker';
    const script = registration ? 'services/registration/src/serve.ts' : proposals ? 'services/proposals/src/serve.ts' : 'services/county-plans/src/serve.ts';
    const entry = await startContainerEntry(
      script,
      {
        CSM_ROLE: registration || proposals ? 'worker' : role,
        CSM_NAMESPACE: namespace,
        CSM_SQLITE_FILE: join(dir, 'events.db'),
        CSM_SUBJECT_ID_SECRET: subjectIdSecret,
        KAFKA_BROKERS: kafka.replace(/^[a-z]+:\/\//, ''),
        MONGODB_URI: mongodb,
        MONGODB_DATABASE: registration ? registrationDatabase : proposals ? proposalsDatabase : database,
        CSM_REGISTRATION_DATABASE: registrationDatabase,
        CSM_PROPOSALS_DATABASE: proposalsDatabase,
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
    await start('proposals-worker');
    await start('worker');
    await start('api');
  });

  afterAll(async () => {
    for (const entry of processes.values()) entry.kill();
    const { MongoReadModels } = await import('@csm/readmodels');
    for (const name of [database, registrationDatabase, proposalsDatabase, keysDatabase]) {
      const readModels = await MongoReadModels.connect(mongodb, name);
      await readModels.dropAll();
      await readModels.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a write through the api and reads it at its position once the worker has projected it', async () => {
    const api = processes.get('api')!.url;
    const officer = await token('county');
    const drafted = await fetch(`${api}/county-plans/001/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: JSON.stringify(aCountyPlan()),
    });
    const body = (await drafted.json()) as { position: string };
    expect({ status: drafted.status, location: drafted.headers.get('location') }).toEqual({ status: 201, location: '/county-plans/001/versions/1' });
    const read = await fetch(`${api}/county-plans/001?minPosition=${body.position}`, { headers: { authorization: `Bearer ${officer}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ countyCode: '001', versions: [{ version: 1, status: 'draft' }] });
    expect(await stop('api')).toBe(0);
    expect(await stop('worker')).toBe(0);
  });
});
