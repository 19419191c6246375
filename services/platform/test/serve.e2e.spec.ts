import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aCallDetails, anOrganizationProfile, describeWithServices, startContainerEntry, type ContainerEntry } from '@csm/testkit';

jest.setTimeout(120_000);

/**
 * The container entries (`services/<name>/src/serve.ts`) as an operator runs them on one node:
 * configuration from the environment only, one SQLite log shared by a registration worker and a
 * proposals worker, real Kafka, MongoDB wire and Keycloak. An organisation is verified through
 * registration; proposals learns it from the registration topic and takes its question;
 * SIGTERM stops both cleanly.
 */
describeWithServices(['kafka', 'mongodb', 'keycloak'], 'container entries', ({ kafka, mongodb, keycloak }) => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-serve-'));
  const namespace = `serve${randomUUID().slice(0, 8)}.`;
  const children: Record<string, ContainerEntry> = {};
  const tokens = new Map<string, string>();
  const kek = randomBytes(32).toString('base64');
  const subjectIdSecret = randomBytes(32).toString('base64');

  /** One node process (no wrapper), so a signal reaches the service itself. */
  const start = async (service: 'registration' | 'proposals') => {
    children[service] = await startContainerEntry(
      `services/${service}/src/serve.ts`,
      {
        CSM_ROLE: 'worker',
        CSM_NAMESPACE: namespace,
        CSM_SQLITE_FILE: join(dir, 'events.db'),
        CSM_KEYS_DATABASE: `csm_${namespace.replace(/\W/g, '')}_keys`,
        CSM_KEK: kek,
        CSM_SUBJECT_ID_SECRET: subjectIdSecret,
        KAFKA_BROKERS: kafka.replace(/^[a-z]+:\/\//, ''),
        MONGODB_URI: mongodb,
        MONGODB_DATABASE: `csm_${namespace.replace(/\W/g, '')}_${service}`,
        CSM_REGISTRATION_DATABASE: `csm_${namespace.replace(/\W/g, '')}_registration`,
        OIDC_ISSUER: `${keycloak}/realms/csm`,
      },
      service,
    );
  };
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
  const call = async (service: string, user: string | undefined, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${children[service]!.url}${path}`, {
      method,
      headers: { ...(user ? { authorization: `Bearer ${await token(user)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    await start('registration');
    await start('proposals');
  });

  afterAll(async () => {
    for (const child of Object.values(children)) child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves both APIs from environment configuration, shares facts through Kafka, and stops on SIGTERM', async () => {
    expect((await call('proposals', undefined, 'POST', '/calls', {})).status).toBe(401);
    expect((await call('registration', 'partner', 'POST', '/organizations', anOrganizationProfile())).status).toBe(201);
    expect((await call('registration', 'partner', 'POST', '/organizations/amani-youth/submit', {})).status).toBe(202);
    expect((await call('registration', 'admin', 'POST', '/organizations/amani-youth/verify', {})).status).toBe(202);
    expect((await call('proposals', 'admin', 'POST', '/calls', { callId: 'served-call', details: aCallDetails() })).status).toBe(201);
    const published = await call('proposals', 'admin', 'POST', '/calls/served-call/publish', {});
    expect(published.status).toBe(202);
    // Read-your-writes across both relays: the verification and the publication are projected.
    const read = await call('proposals', undefined, 'GET', `/calls/served-call?minPosition=${published.body.position}`);
    expect(read).toMatchObject({ status: 200, body: { _id: 'served-call', status: 'published' } });
    expect((await call('proposals', 'partner', 'POST', '/calls/served-call/clarifications', { question: 'Can two CBOs apply jointly with one lead?' })).status).toBe(202);

    for (const [name, child] of Object.entries(children)) expect({ name, code: await child.stop() }).toEqual({ name, code: 0 });
  });
});
