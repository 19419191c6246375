import { randomBytes } from 'node:crypto';
import { DuplicateKeyError, type ReadModels } from '@csm/readmodels';
import { emptyRewrapSummary, rewrapRecord, type RewrappableSubjectKeyStore, type SubjectKeyStore, type SubjectKeyWrapping } from './personal-data';

/** One document per key generation; `_id` is the full key id, so two replicas cannot both create one. */
interface SubjectKeyDocument {
  _id: string;
  subjectKeyId: string;
  generation: number;
  /** base64 of the wrapped key; null once erased (the document stays as a tombstone). */
  wrappedKey: string | null;
  createdAt: string;
  erasedAt?: string;
  [field: string]: unknown;
}

/**
 * Subject keys in the read-model database (production: a MongoDB collection every replica
 * shares), wrapped under the key-encryption key. Losing a pod's disk loses no key, and an
 * erasure on one pod is seen by all. Kept apart from the event log by design: erasing a key
 * never touches an event.
 */
export const readModelSubjectKeyStore = (
  readModels: ReadModels,
  wrapping: SubjectKeyWrapping,
  collectionName = 'subjectKeys',
): SubjectKeyStore & RewrappableSubjectKeyStore => {
  const keys = readModels.collection<SubjectKeyDocument>(collectionName);
  let indexed: Promise<void> | undefined;
  const ready = () => (indexed ??= keys.createIndex({ keys: { subjectKeyId: 1, generation: -1 }, name: 'subject_generation' }));

  const latest = async (subjectKeyId: string): Promise<SubjectKeyDocument | undefined> =>
    (await keys.find({ subjectKeyId }, { sort: { generation: -1 }, limit: 1 }))[0];

  const currentKey = async (subjectKeyId: string): Promise<{ keyId: string; key: Buffer }> => {
    await ready();
    for (;;) {
      const newest = await latest(subjectKeyId);
      if (newest?.wrappedKey) return { keyId: newest._id, key: wrapping.unwrap(newest._id, Buffer.from(newest.wrappedKey, 'base64')) };
      const generation = (newest?.generation ?? 0) + 1;
      const keyId = `${subjectKeyId}.${generation}`;
      try {
        await keys.insertOne({
          _id: keyId,
          subjectKeyId,
          generation,
          wrappedKey: wrapping.wrap(keyId, randomBytes(32)).toString('base64'),
          createdAt: new Date().toISOString(),
        });
      } catch (error) {
        // Another replica created this generation first: read theirs.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
  };

  return {
    currentKey,
    keyById: async (keyId) => {
      const document = await keys.findOne({ _id: keyId });
      return document?.wrappedKey ? wrapping.unwrap(keyId, Buffer.from(document.wrappedKey, 'base64')) : undefined;
    },
    erase: async (subjectKeyId) => {
      const live = await keys.find({ subjectKeyId, wrappedKey: { $ne: null } });
      const erasedAt = new Date().toISOString();
      for (const document of live) await keys.updateOne({ _id: document._id }, { $set: { wrappedKey: null, erasedAt } });
      return live.length > 0;
    },
    /**
     * Re-wraps every key under the current KEK, in `_id` order, a page at a time. Each write is
     * a compare-and-set on the wrapped bytes read, so a concurrent erasure (or another run) wins.
     */
    rewrapAll: async (onProgress) => {
      const summary = emptyRewrapSummary();
      let after: string | undefined;
      for (;;) {
        const page = await keys.find(after === undefined ? {} : { _id: { $gt: after } }, { sort: { _id: 1 }, limit: 200 });
        if (page.length === 0) break;
        for (const document of page) {
          const blob = document.wrappedKey ? Buffer.from(document.wrappedKey, 'base64') : null;
          await rewrapRecord(wrapping, summary, document._id, blob, async (rewrapped) => {
            const result = await keys.updateOne(
              { _id: document._id, wrappedKey: document.wrappedKey },
              { $set: { wrappedKey: rewrapped.toString('base64'), rewrappedAt: new Date().toISOString() } },
            );
            return result.matchedCount === 1;
          });
        }
        after = page.at(-1)!._id;
        onProgress?.(summary);
      }
      return summary;
    },
  };
};
