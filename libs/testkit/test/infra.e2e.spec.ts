import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describeWithServices } from '@csm/testkit';

/**
 * Smoke test of the servers `npm run infra:up` provides (scripts/infra), one block per server so
 * that a subset (`up.sh kafka`) still tests what runs:
 *   source .cache/infra/env && npx jest libs/testkit
 */
jest.setTimeout(60_000);

const unique = () => randomUUID().slice(0, 8);

describeWithServices(['kafka'], 'infra: Kafka (KRaft, single node)', ({ kafka: brokers }) => {
  const kafka = new Kafka({ clientId: 'infra-smoke', brokers: brokers.split(','), logLevel: logLevel.NOTHING });

  it('creates a topic, and a consumer group reads back the message a producer sent to it', async () => {
    const topic = `infra-smoke.${unique()}`;
    const admin = kafka.admin();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `infra-smoke.${unique()}` });
    try {
      await admin.connect();
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);

      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'organization-1', value: 'hello from infra smoke', headers: { ce_type: 'Smoke' } }] });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<{ key?: string; value?: string; type?: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message on ${topic} within 30s`)), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve({ key: message.key?.toString(), value: message.value?.toString(), type: message.headers?.ce_type?.toString() });
          },
        });
      });
      expect(received).toEqual({ key: 'organization-1', value: 'hello from infra smoke', type: 'Smoke' });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

describeWithServices(['mongodb'], 'infra: MongoDB wire protocol (FerretDB)', ({ mongodb: uri }) => {
  it('inserts a document and finds it by a field', async () => {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
    const db = client.db(`infra_smoke_${unique()}`);
    try {
      await client.connect();
      await db.collection('organizations').insertOne({ _id: 'org-1' as never, name: 'Amani Youth', county: '001' });
      expect(await db.collection('organizations').findOne({ county: '001' })).toEqual({ _id: 'org-1', name: 'Amani Youth', county: '001' });
    } finally {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    }
  });
});

describeWithServices(['keycloak'], 'infra: Keycloak, realm csm', ({ keycloak }) => {
  const issuer = `${keycloak.replace(/\/$/, '')}/realms/csm`;

  it('publishes the OpenID discovery document of realm csm', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ issuer, token_endpoint: `${issuer}/protocol/openid-connect/token`, jwks_uri: expect.any(String) });
  });

  // The password grant needs what the realm file is expected to hold; say so when it does not.
  const realm = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'k8s', 'keycloak', 'realm-csm.json'), 'utf8')) as {
    users?: { username: string; credentials?: { type: string; value?: string }[] }[];
    clients?: { clientId: string; directAccessGrantsEnabled?: boolean; publicClient?: boolean }[];
  };
  const partner = realm.users?.find((u) => u.username === 'partner');
  const portal = realm.clients?.find((c) => c.clientId === 'csm-portal');
  const missing = [
    partner?.credentials?.some((c) => c.type === 'password' && c.value === 'demo-password') ? undefined : "user 'partner' with password 'demo-password'",
    portal?.directAccessGrantsEnabled && portal.publicClient ? undefined : "public client 'csm-portal' with direct access grants",
  ].filter((m): m is string => m !== undefined);

  if (missing.length > 0) {
    const reason = `realm-csm.json lacks ${missing.join(' and ')}`;
    console.log(`SKIPPED: infra: Keycloak password grant: ${reason}`);
    it.skip(`SKIPPED: ${reason}`, () => undefined);
    return;
  }

  it("issues user partner a token, signed with the realm's keys, whose realm roles include partner", async () => {
    const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username: 'partner', password: 'demo-password', scope: 'openid' }),
    });
    const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
    expect({ status: response.status, error: body.error_description ?? body.error }).toEqual({ status: 200, error: undefined });

    const { payload } = await jwtVerify(body.access_token!, createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`)), { issuer });
    expect(payload).toMatchObject({ preferred_username: 'partner', realm_access: { roles: expect.arrayContaining(['partner']) } });
  });
});
