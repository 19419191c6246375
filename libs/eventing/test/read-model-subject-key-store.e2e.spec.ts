import { randomBytes, randomUUID } from 'node:crypto';
import { describeWithServices } from '@csm/testkit';
import { MongoReadModels } from '@csm/readmodels';
import { SubjectKeyWrapping } from '../src/personal-data';
import { readModelSubjectKeyStore } from '../src/read-model-subject-key-store';
import { describeKeyRotationContract, describeSubjectKeyStoreContract } from '../src/testkit';

jest.setTimeout(30_000);

/** The production subject-key store: one MongoDB collection that every replica shares. */
describeWithServices(['mongodb'], 'subject keys in MongoDB', ({ mongodb }) => {
  const database = `csm_keys_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const wrapping = new SubjectKeyWrapping(randomBytes(32));

  // Two connections: two pods of the registration service.
  describeSubjectKeyStoreContract(`MongoDB wire (${mongodb})`, async () => {
    const [one, two] = await Promise.all([MongoReadModels.connect(mongodb, database), MongoReadModels.connect(mongodb, database)]);
    return {
      keys: readModelSubjectKeyStore(one, wrapping),
      replica: readModelSubjectKeyStore(two, wrapping),
      dispose: async () => {
        await Promise.all([one.close(), two.close()]);
      },
    };
  });

  // A collection per test, so a run re-wraps only that test's keys; each open is its own connection (a pod, or the command).
  describeKeyRotationContract(`MongoDB wire (${mongodb})`, async () => {
    const collection = `subjectKeys_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const connections: MongoReadModels[] = [];
    const shared = await MongoReadModels.connect(mongodb, database);
    connections.push(shared);
    return {
      open: (keyWrapping) => readModelSubjectKeyStore(shared, keyWrapping, collection),
      dispose: async () => {
        await Promise.all(connections.map((c) => c.close()));
      },
    };
  });

  it('stores keys only wrapped under the key-encryption key', async () => {
    const readModels = await MongoReadModels.connect(mongodb, database);
    try {
      const { keyId, key } = await readModelSubjectKeyStore(readModels, wrapping).currentKey(`email-${randomUUID().replace(/-/g, '')}`);
      const stored = await readModels.collection<{ _id: string; wrappedKey: string }>('subjectKeys').findOne({ _id: keyId });
      expect(Buffer.from(stored!.wrappedKey, 'base64').includes(key)).toBe(false);
      expect(stored!.wrappedKey).not.toContain(key.toString('base64'));
      await expect(readModelSubjectKeyStore(readModels, new SubjectKeyWrapping(randomBytes(32))).keyById(keyId)).rejects.toThrow();
    } finally {
      await readModels.close();
    }
  });

  afterAll(async () => {
    const readModels = await MongoReadModels.connect(mongodb, database);
    await readModels.dropAll();
    await readModels.close();
  });
});
