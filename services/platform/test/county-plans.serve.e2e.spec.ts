import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { aCountyPlan, describeWithServices } from '@csm/testkit';

jest.setTimeout(180_000);

const REPO = resolve(__dirname, '../../..');
const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

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
  const processes = new Map<string, { child: ChildProcess; url: string; output: string }>();

  /**
   * County plans' own processes, or registration's or proposals' worker: as in production they
   * relay their streams, and county plans' projections fed by those topics (organisations, the
   * map's partnerships) are read-your-writes against their progress.
   */
  const start = async (role: 'api' | 'worker' | 'registration-worker' | 'proposals-worker') => {
    const port = await freePort();
    const registration = role === 'registration-worker';
    const proposals = role === 'proposals-worker';
    const script = registration ? 'services/registration/src/serve.ts' : proposals ? 'services/proposals/src/serve.ts' : 'services/county-plans/src/serve.ts';
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
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
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = { child, url: `http://127.0.0.1:${port}`, output: '' };
    child.stdout!.on('data', (d) => (entry.output += String(d)));
    child.stderr!.on('data', (d) => (entry.output += String(d)));
    processes.set(role, entry);
    for (let i = 0; i < 240; i++) {
      const ready = await fetch(`${entry.url}/readyz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok).catch(() => false);
      if (ready) return;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${role} did not become ready:\n${entry.output}`);
  };
  const stop = async (role: string) => {
    const { child } = processes.get(role)!;
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    return exited;
  };
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
    for (const { child } of processes.values()) if (child.exitCode === null) child.kill('SIGKILL');
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
