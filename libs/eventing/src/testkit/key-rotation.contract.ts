import { randomBytes, randomUUID } from 'node:crypto';
import { SubjectKeyWrapping, type RewrappableSubjectKeyStore, type SubjectKeyStore } from '../personal-data';

type RotatableStore = SubjectKeyStore & RewrappableSubjectKeyStore;

/**
 * The key-encryption-key rotation contract every re-wrappable SubjectKeyStore passes.
 * `makeStorage` gives fresh, empty storage; `open(wrapping)` opens a store on it under the
 * given KEKs (as a service restarted with other CSM_KEK / CSM_KEK_PREVIOUS would).
 */
export const describeKeyRotationContract = (
  adapterName: string,
  makeStorage: () => Promise<{ open: (wrapping: SubjectKeyWrapping) => RotatableStore; dispose: () => Promise<void> }>,
): void => {
  describe(`KEK rotation contract: ${adapterName}`, () => {
    let storage: Awaited<ReturnType<typeof makeStorage>>;
    const aSubject = () => `rotation-${randomUUID().replace(/-/g, '')}`;

    beforeEach(async () => {
      storage = await makeStorage();
    });
    afterEach(async () => {
      await storage.dispose();
    });

    it('re-wraps every live key under the new KEK, after which the old one is no longer needed; a second run changes nothing', async () => {
      const oldKek = randomBytes(32);
      const newKek = randomBytes(32);
      const before = storage.open(new SubjectKeyWrapping(oldKek));
      const subjects = Array.from({ length: 5 }, aSubject);
      const keys = await Promise.all(subjects.map((s) => before.currentKey(s)));
      await before.erase(subjects[4]!);

      const during = storage.open(new SubjectKeyWrapping(newKek, [oldKek]));
      // Before any re-wrap, the new key plus the previous one read everything.
      for (const { keyId, key } of keys.slice(0, 4)) expect(await during.keyById(keyId)).toEqual(key);
      // A key created now is wrapped under the new KEK at once.
      const fresh = await during.currentKey(aSubject());

      const progress: number[] = [];
      const summary = await during.rewrapAll((s) => progress.push(s.examined));
      expect(summary).toEqual({ examined: 6, rewrapped: 4, alreadyCurrent: 1, erased: 1, changedConcurrently: 0, failed: [] });
      expect(progress.at(-1)).toBe(6);
      expect(await during.rewrapAll()).toEqual({ examined: 6, rewrapped: 0, alreadyCurrent: 5, erased: 1, changedConcurrently: 0, failed: [] });

      const after = storage.open(new SubjectKeyWrapping(newKek));
      for (const { keyId, key } of [...keys.slice(0, 4), fresh]) expect(await after.keyById(keyId)).toEqual(key);
      expect(await after.keyById(keys[4]!.keyId)).toBeUndefined();
      // The old KEK alone opens nothing any more, and says which key is missing.
      await expect(storage.open(new SubjectKeyWrapping(oldKek)).keyById(keys[0]!.keyId)).rejects.toThrow(/CSM_KEK_PREVIOUS/);

      // Erasure still works after rotation.
      expect(await after.erase(subjects[0]!)).toBe(true);
      expect(await after.keyById(keys[0]!.keyId)).toBeUndefined();
    });

    it('loses no erasure made while it runs (compare-and-set)', async () => {
      const oldKek = randomBytes(32);
      const newKek = randomBytes(32);
      const before = storage.open(new SubjectKeyWrapping(oldKek));
      const subjects = Array.from({ length: 40 }, aSubject);
      const keys = await Promise.all(subjects.map((s) => before.currentKey(s)));
      const service = storage.open(new SubjectKeyWrapping(newKek, [oldKek]));
      const rotation = storage.open(new SubjectKeyWrapping(newKek, [oldKek]));
      const erased = subjects.filter((_, i) => i % 2 === 0);
      const [summary] = await Promise.all([rotation.rewrapAll(), ...erased.map((s) => service.erase(s))]);
      expect(summary.failed).toEqual([]);
      expect(summary.rewrapped + summary.erased + summary.changedConcurrently).toBe(40);
      const after = storage.open(new SubjectKeyWrapping(newKek, [oldKek]));
      for (const [i, { keyId, key }] of keys.entries()) expect(await after.keyById(keyId)).toEqual(i % 2 === 0 ? undefined : key);
    });

    it('reports a key wrapped under a KEK it was not given, re-wraps the rest, and finishes once that KEK is given', async () => {
      const lostKek = randomBytes(32);
      const oldKek = randomBytes(32);
      const newKek = randomBytes(32);
      const orphan = await storage.open(new SubjectKeyWrapping(lostKek)).currentKey(aSubject());
      const known = await storage.open(new SubjectKeyWrapping(oldKek)).currentKey(aSubject());
      const summary = await storage.open(new SubjectKeyWrapping(newKek, [oldKek])).rewrapAll();
      expect(summary.rewrapped).toBe(1);
      expect(summary.failed).toEqual([{ keyId: orphan.keyId, reason: expect.stringMatching(/neither CSM_KEK .* nor in CSM_KEK_PREVIOUS/) }]);
      const resumed = await storage.open(new SubjectKeyWrapping(newKek, [oldKek, lostKek])).rewrapAll();
      expect(resumed).toMatchObject({ rewrapped: 1, alreadyCurrent: 1, failed: [] });
      const after = storage.open(new SubjectKeyWrapping(newKek));
      expect(await after.keyById(orphan.keyId)).toEqual(orphan.key);
      expect(await after.keyById(known.keyId)).toEqual(known.key);
    });
  });
};
