import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SubjectKeyWrapping } from '@csm/eventing';
import { describeKeyRotationContract, describeSubjectKeyStoreContract } from '@csm/eventing/testkit';
import { SqliteSubjectKeyStore } from '../src/sqlite-subject-key-store';

const dirs: string[] = [];
const aFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-keys-'));
  dirs.push(dir);
  return join(dir, 'keys', 'subject-keys.db');
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Two handles on one file: two processes of the embedded default sharing its key store. */
describeSubjectKeyStoreContract('SQLite', async () => {
  const file = aFile();
  const wrapping = new SubjectKeyWrapping(randomBytes(32));
  const keys = new SqliteSubjectKeyStore(file, wrapping);
  const replica = new SqliteSubjectKeyStore(file, wrapping);
  return {
    keys,
    replica,
    dispose: async () => {
      keys.close();
      replica.close();
    },
  };
});

/** Each store opened on one file, as the platform and `npm run kek:rotate` open it side by side. */
describeKeyRotationContract('SQLite', async () => {
  const file = aFile();
  const opened: SqliteSubjectKeyStore[] = [];
  return {
    open: (wrapping) => {
      const store = new SqliteSubjectKeyStore(file, wrapping);
      opened.push(store);
      return store;
    },
    dispose: async () => opened.forEach((store) => store.close()),
  };
});

describe('SQLite subject keys at rest', () => {
  const rawKeys = (file: string) => {
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT key FROM subject_keys').all() as { key: Buffer | null }[];
    db.close();
    return rows.map((r) => r.key);
  };

  it('holds keys only wrapped under the key-encryption key', async () => {
    const file = aFile();
    const kek = randomBytes(32);
    const store = new SqliteSubjectKeyStore(file, new SubjectKeyWrapping(kek));
    const { keyId, key } = await store.currentKey('email-amina');
    store.close();
    const [stored] = rawKeys(file);
    expect(stored!.includes(key)).toBe(false);
    const wrongKek = new SqliteSubjectKeyStore(file, new SubjectKeyWrapping(randomBytes(32)));
    await expect(wrongKek.keyById(keyId)).rejects.toThrow();
    wrongKek.close();
    const reopened = new SqliteSubjectKeyStore(file, new SubjectKeyWrapping(kek));
    expect(await reopened.keyById(keyId)).toEqual(key);
    reopened.close();
  });

  it('wraps, once, the keys a file written before wrapping held in clear', async () => {
    const file = aFile();
    const kek = randomBytes(32);
    new SqliteSubjectKeyStore(file, new SubjectKeyWrapping(kek)).close();
    const legacyKey = randomBytes(32);
    const db = new Database(file);
    db.prepare("INSERT INTO subject_keys (subject_key_id, generation, key, created_at) VALUES ('email-legacy', 1, ?, '2026-01-01T00:00:00Z')").run(legacyKey);
    db.close();
    const store = new SqliteSubjectKeyStore(file, new SubjectKeyWrapping(kek));
    expect(await store.keyById('email-legacy.1')).toEqual(legacyKey);
    store.close();
    expect(rawKeys(file)[0]!.includes(legacyKey)).toBe(false);
  });
});
