import { randomUUID } from 'node:crypto';
import type { SubjectKeyStore } from '../personal-data';

/**
 * The contract every SubjectKeyStore adapter passes. `makeStore` returns two handles on the
 * same storage (two replicas sharing it) where the adapter can; subject ids are unique per test.
 */
export const describeSubjectKeyStoreContract = (
  adapterName: string,
  makeStore: () => Promise<{ keys: SubjectKeyStore; replica: SubjectKeyStore; dispose: () => Promise<void> }>,
): void => {
  describe(`SubjectKeyStore contract: ${adapterName}`, () => {
    let keys: SubjectKeyStore;
    let replica: SubjectKeyStore;
    let dispose: () => Promise<void>;
    const aSubject = () => `contract-${randomUUID().replace(/-/g, '')}`;

    beforeEach(async () => {
      ({ keys, replica, dispose } = await makeStore());
    });
    afterEach(async () => {
      await dispose();
    });

    it('creates a 32-byte key on first use and returns the same one after', async () => {
      const subject = aSubject();
      const first = await keys.currentKey(subject);
      expect(first.keyId).toBe(`${subject}.1`);
      expect(first.key).toHaveLength(32);
      expect(await keys.currentKey(subject)).toEqual(first);
      expect(await keys.keyById(first.keyId)).toEqual(first.key);
    });

    it('knows no key it never created', async () => {
      expect(await keys.keyById(`${aSubject()}.1`)).toBeUndefined();
      expect(await keys.erase(aSubject())).toBe(false);
    });

    it('gives every replica the same key, even when they ask at the same moment', async () => {
      const subject = aSubject();
      const all = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? keys : replica).currentKey(subject)));
      expect(new Set(all.map((k) => `${k.keyId}:${k.key.toString('hex')}`)).size).toBe(1);
      expect(await replica.keyById(all[0]!.keyId)).toEqual(all[0]!.key);
    });

    it('erases on one replica for all: no generation opens any more, and erasing again changes nothing', async () => {
      const subject = aSubject();
      const { keyId } = await keys.currentKey(subject);
      expect(await replica.erase(subject)).toBe(true);
      expect(await keys.keyById(keyId)).toBeUndefined();
      expect(await replica.keyById(keyId)).toBeUndefined();
      expect(await keys.erase(subject)).toBe(false);
    });

    it('starts a new generation after an erasure, the erased one staying erased', async () => {
      const subject = aSubject();
      const before = await keys.currentKey(subject);
      await keys.erase(subject);
      const after = await replica.currentKey(subject);
      expect(after.keyId).toBe(`${subject}.2`);
      expect(after.key.equals(before.key)).toBe(false);
      expect(await keys.keyById(before.keyId)).toBeUndefined();
      expect(await keys.keyById(after.keyId)).toEqual(after.key);
      expect(await keys.erase(subject)).toBe(true);
      expect(await replica.keyById(after.keyId)).toBeUndefined();
    });
  });
};
