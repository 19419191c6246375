import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { MongoReadModels } from '@csm/readmodels';
import { anOrganizationProfile, describeWithServices, startContainerEntry, type ContainerEntry } from '@csm/testkit';

jest.setTimeout(240_000);

const repoRoot = resolve(__dirname, '../../..');
const run = promisify(execFile);

/**
 * KEK rotation on the production path: the registration container entry (`serve.ts`) with its
 * subject keys in MongoDB wire (FerretDB), real Kafka and Keycloak tokens, and the real
 * `npm run kek:rotate` against that database, following the operator guide's three steps.
 */
describeWithServices(['kafka', 'mongodb', 'keycloak'], 'KEK rotation (container entry, MongoDB wire)', ({ kafka, mongodb, keycloak }) => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-kek-serve-'));
  const namespace = `kek${randomUUID().slice(0, 8)}.`;
  const keysDatabase = `csm_${namespace.replace(/\W/g, '')}_keys`;
  const oldKek = randomBytes(32).toString('base64');
  const newKek = randomBytes(32).toString('base64');
  const subjectIdSecret = randomBytes(32).toString('base64');
  const email = 'programmes@amani.example';
  let registration: ContainerEntry | undefined;

  const start = async (kek: string, previous?: string) => {
    registration = await startContainerEntry(
      'services/registration/src/serve.ts',
      {
        CSM_ROLE: 'worker',
        CSM_NAMESPACE: namespace,
        CSM_SQLITE_FILE: join(dir, 'events.db'),
        CSM_KEYS_DATABASE: keysDatabase,
        CSM_KEK: kek,
        ...(previous ? { CSM_KEK_PREVIOUS: previous } : {}),
        CSM_SUBJECT_ID_SECRET: subjectIdSecret,
        KAFKA_BROKERS: kafka.replace(/^[a-z]+:\/\//, ''),
        MONGODB_URI: mongodb,
        MONGODB_DATABASE: `csm_${namespace.replace(/\W/g, '')}_registration`,
        OIDC_ISSUER: `${keycloak}/realms/csm`,
      },
      'registration',
    );
  };
  const stop = async () => {
    expect(await registration!.stop()).toBe(0);
    registration = undefined;
  };
  const token = async (username: string) => {
    const response = await fetch(`${keycloak}/realms/csm/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password' }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const call = async (user: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${registration!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(user)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const contacts = async (minPosition?: string) => {
    const read = await call('admin', 'GET', `/organizations/amani-youth${minPosition ? `?minPosition=${minPosition}` : ''}`);
    expect(read.status).toBe(200);
    return read.body.profile.contacts;
  };
  /** The real command, with only what an operator sets. */
  const rotate = async () =>
    (
      await run(join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/kek-rotate.ts'], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, MONGODB_URI: mongodb, CSM_KEYS_DATABASE: keysDatabase, CSM_KEK: newKek, CSM_KEK_PREVIOUS: oldKek },
      })
    ).stdout;

  afterAll(async () => {
    registration?.kill();
    rmSync(dir, { recursive: true, force: true });
    for (const database of [keysDatabase, `csm_${namespace.replace(/\W/g, '')}_registration`]) {
      const readModels = await MongoReadModels.connect(mongodb, database);
      await readModels.dropAll();
      await readModels.close();
    }
  });

  it('keeps personal data readable through new + previous KEK, the re-wrap and the new KEK alone; erasure still works', async () => {
    await start(oldKek);
    const registered = await call('partner', 'POST', '/organizations', anOrganizationProfile());
    expect(registered.status).toBe(201);
    expect(await contacts(registered.body.position)).toEqual([expect.objectContaining({ name: 'Programme Lead', email })]);
    await stop();

    await start(newKek, oldKek);
    expect(await contacts(registered.body.position)).toEqual([expect.objectContaining({ name: 'Programme Lead', email })]);
    const first = await rotate();
    expect(first).toContain(`MongoDB database ${keysDatabase}, collection subjectKeys`);
    expect(first).toMatch(/done in [0-9.]+ s: examined ([1-9]\d*): re-wrapped \1, already under CSM_KEK 0, erased 0, changed meanwhile 0, failed 0/);
    expect(await rotate()).toMatch(/re-wrapped 0, already under CSM_KEK [1-9]\d*, erased 0, changed meanwhile 0, failed 0/);
    await stop();

    await start(newKek);
    expect(await contacts(registered.body.position)).toEqual([expect.objectContaining({ name: 'Programme Lead', email })]);
    const erased = await call('admin', 'POST', '/personal-data/erasures', { email, reason: 'The person asked to be forgotten' });
    expect(erased.status).toBe(202);
    expect(await contacts(erased.body.position)).toEqual([{ erased: true }]);
    await stop();
  });
});
