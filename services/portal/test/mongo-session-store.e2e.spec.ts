import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeWithServices } from '@csm/testkit';
import { MongoSessionStore } from '../src/sign-in/mongo-session-store';
import { describeSessionStoreContract } from './session-store.contract';

jest.setTimeout(60_000);

/** The portal's shared session store on the MongoDB-wire server (FerretDB in tests). */
describeWithServices(['mongodb'], 'the MongoDB session store', ({ mongodb }) => {
  const database = `csm_portal_sessions_${randomUUID().slice(0, 8)}`;
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(mongodb).connect();
  });
  afterAll(async () => {
    await client?.db(database).dropDatabase();
    await client?.close();
  });

  // Each test its own collection, so expiry in one test cannot meet another's clock.
  describeSessionStoreContract('on MongoDB', async (clock) => ({
    store: await MongoSessionStore.inDatabase(client.db(database), { collection: `sessions_${randomUUID().slice(0, 8)}`, clock: clock.read }),
  }));

  it('stores only a SHA-256 hash of the session id, never the id itself', async () => {
    const store = await MongoSessionStore.inDatabase(client.db(database), { collection: 'hashed' });
    const id = randomBytes(32).toString('base64url');
    await store.set(id, { csrfToken: 'token' }, 60_000);
    const documents = await client.db(database).collection('hashed').find({}).toArray();
    expect(documents).toHaveLength(1);
    expect(documents[0]!._id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(documents)).not.toContain(id);
    expect(await store.get(id)).toEqual({ csrfToken: 'token' });
  });

  it('has a TTL index on the expiry where the server has them; else removes ended sessions itself', async () => {
    const clock = { now: Date.now() };
    const store = await MongoSessionStore.inDatabase(client.db(database), { collection: 'expiring', clock: () => clock.now });
    const collection = client.db(database).collection('expiring');
    const ttl = (await collection.indexes()).find((index) => index.name === 'expiresAt_ttl');
    console.log(`MongoSessionStore on this server removes expired sessions by: ${store.removesExpiredBy}`);
    if (store.removesExpiredBy === 'ttl-index') {
      expect(ttl).toMatchObject({ key: { expiresAt: 1 }, expireAfterSeconds: 0 });
      return;
    }
    expect(ttl).toBeUndefined();
    await store.set('ends-soon', { csrfToken: 'old' }, 1_000);
    clock.now += 61_000;
    await store.set('fresh', { csrfToken: 'new' }, 60_000);
    expect(await collection.countDocuments({})).toBe(1);
    expect(await store.get('fresh')).toEqual({ csrfToken: 'new' });
  });

  it('is shared: a session saved through one connection is read through another (another replica)', async () => {
    const first = await MongoSessionStore.connect(mongodb, database, { collection: 'shared' });
    const second = await MongoSessionStore.connect(mongodb, database, { collection: 'shared' });
    try {
      await first.set('replica-id', { csrfToken: 'shared' }, 60_000);
      expect(await second.get('replica-id')).toEqual({ csrfToken: 'shared' });
      await second.delete('replica-id');
      expect(await first.get('replica-id')).toBeUndefined();
    } finally {
      await first.close();
      await second.close();
    }
  });
});
