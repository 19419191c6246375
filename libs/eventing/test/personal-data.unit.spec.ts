import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { EmbeddedReadModels } from '@csm/readmodels';
import { InMemorySubjectKeyStore, kekId, PersonalDataVault, secretFromBase64, SubjectIds, SubjectKeyWrapping } from '../src/personal-data';
import { readModelSubjectKeyStore } from '../src/read-model-subject-key-store';
import { describeKeyRotationContract, describeSubjectKeyStoreContract } from '../src/testkit';

const ids = new SubjectIds(Buffer.alloc(32, 7));
const subjectKeyIdForEmail = (email: string) => ids.forEmail(email);

describe('personal data vault', () => {
  const contact = { name: 'Amina Yusuf', email: 'amina@example.org' };

  it('seals without leaving the clear text anywhere in the result', async () => {
    const vault = new PersonalDataVault(new InMemorySubjectKeyStore());
    const sealed = await vault.seal(subjectKeyIdForEmail(contact.email), contact);
    expect(sealed).toMatch(/^pd:v1:email-[0-9a-f]{32}\.1:/);
    expect(sealed).not.toContain('Amina');
    expect(sealed).not.toContain('amina@example.org');
    expect(await vault.open(sealed)).toEqual(contact);
  });

  it('gives one key per person, whatever the case of the address', () => {
    expect(subjectKeyIdForEmail('Amina@Example.org ')).toBe(subjectKeyIdForEmail('amina@example.org'));
  });

  it('derives subject ids by HMAC under the configured secret, so the log cannot confirm an address', () => {
    const id = ids.forEmail('amina@example.org');
    const bareHash = createHash('sha256').update('amina@example.org').digest('hex');
    expect(id).toMatch(/^email-[0-9a-f]{32}$/);
    expect(id).not.toContain(bareHash.slice(0, 32));
    expect(new SubjectIds(Buffer.alloc(32, 8)).forEmail('amina@example.org')).not.toBe(id);
    expect(ids.forUsername('Amina')).toBe(ids.forUsername('amina'));
    expect(ids.forUsername('amina@example.org')).not.toBe(id.replace('email-', 'user-'));
  });

  it('reads secrets from configuration only as base64 of 32 bytes', () => {
    const secret = randomBytes(32);
    expect(secretFromBase64(secret.toString('base64'))).toEqual(secret);
    expect(() => secretFromBase64('c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => secretFromBase64('not base64 at all!')).toThrow(/32 bytes/);
  });

  it('wraps subject keys under the key-encryption key, bound to their key id', () => {
    const wrapping = new SubjectKeyWrapping(randomBytes(32));
    const key = randomBytes(32);
    const wrapped = wrapping.wrap('email-x.1', key);
    expect(wrapped.includes(key)).toBe(false);
    expect(wrapping.unwrap('email-x.1', wrapped)).toEqual(key);
    expect(() => wrapping.unwrap('email-y.1', wrapped)).toThrow();
    expect(() => new SubjectKeyWrapping(randomBytes(32)).unwrap('email-x.1', wrapped)).toThrow();
  });

  it('makes every sealed copy unreadable once the key is erased', async () => {
    const vault = new PersonalDataVault(new InMemorySubjectKeyStore());
    const keyId = subjectKeyIdForEmail(contact.email);
    const first = await vault.seal(keyId, contact);
    const second = await vault.seal(keyId, { ...contact, phone: '+254700000000' });
    expect(await vault.erase(keyId)).toBe(true);
    expect(await vault.open(first)).toEqual({ erased: true });
    expect(await vault.open(second)).toEqual({ erased: true });
  });

  it('stores data given again after an erasure under a new key, the old copies staying unreadable', async () => {
    const vault = new PersonalDataVault(new InMemorySubjectKeyStore());
    const keyId = subjectKeyIdForEmail(contact.email);
    const before = await vault.seal(keyId, contact);
    await vault.erase(keyId);
    const after = await vault.seal(keyId, contact);
    expect(await vault.open(after)).toEqual(contact);
    expect(await vault.open(before)).toEqual({ erased: true });
  });

  it('detects a tampered cipher text', async () => {
    const vault = new PersonalDataVault(new InMemorySubjectKeyStore());
    const sealed = await vault.seal(subjectKeyIdForEmail(contact.email), contact);
    const parts = sealed.split(':');
    parts[5] = Buffer.from('tampered').toString('base64url');
    await expect(vault.open(parts.join(':'))).rejects.toThrow();
  });
});

describeSubjectKeyStoreContract('in memory', async () => {
  const keys = new InMemorySubjectKeyStore();
  return { keys, replica: keys, dispose: async () => undefined };
});

describeSubjectKeyStoreContract('read-model collection (embedded read models)', async () => {
  const readModels = new EmbeddedReadModels();
  const wrapping = new SubjectKeyWrapping(randomBytes(32));
  return { keys: readModelSubjectKeyStore(readModels, wrapping), replica: readModelSubjectKeyStore(readModels, wrapping), dispose: async () => undefined };
});

describeKeyRotationContract('read-model collection (embedded read models)', async () => {
  const readModels = new EmbeddedReadModels();
  return { open: (wrapping) => readModelSubjectKeyStore(readModels, wrapping), dispose: async () => undefined };
});

describe('subject key wrapping across key-encryption keys', () => {
  const oldKek = randomBytes(32);
  const newKek = randomBytes(32);
  const key = randomBytes(32);

  /** A wrap as written before the KEK id was recorded: `<1><iv><tag><wrapped>`. */
  const formatOne = (kek: Buffer, keyId: string, clear: Buffer): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', kek, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(clear), cipher.final()]);
    return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), wrapped]);
  };

  it('names a KEK by an id derived from it, never the key itself', () => {
    expect(kekId(oldKek)).toMatch(/^[0-9a-f]{16}$/);
    expect(kekId(oldKek)).toBe(kekId(Buffer.from(oldKek)));
    expect(kekId(oldKek)).not.toBe(kekId(newKek));
    expect(oldKek.toString('hex')).not.toContain(kekId(oldKek));
  });

  it('records the wrapping KEK id in each wrap and never the clear key', () => {
    const wrapping = new SubjectKeyWrapping(newKek, [oldKek]);
    const blob = wrapping.wrap('s.1', key);
    expect(blob[0]).toBe(2);
    expect(wrapping.kekIdOf(blob)).toBe(kekId(newKek));
    expect(blob.includes(key)).toBe(false);
    expect(wrapping.needsRewrap(blob)).toBe(false);
    expect(wrapping.unwrap('s.1', blob)).toEqual(key);
  });

  it('unwraps with whichever given KEK the id names, and refuses a KEK it was not given, naming CSM_KEK_PREVIOUS', () => {
    const underOld = new SubjectKeyWrapping(oldKek).wrap('s.1', key);
    const rotated = new SubjectKeyWrapping(newKek, [randomBytes(32), oldKek]);
    expect(rotated.needsRewrap(underOld)).toBe(true);
    expect(rotated.unwrap('s.1', underOld)).toEqual(key);
    const rewrapped = rotated.rewrap('s.1', underOld);
    expect(rotated.kekIdOf(rewrapped)).toBe(kekId(newKek));
    expect(new SubjectKeyWrapping(newKek).unwrap('s.1', rewrapped)).toEqual(key);
    expect(() => new SubjectKeyWrapping(newKek).unwrap('s.1', underOld)).toThrow(
      `Subject key s.1 is wrapped under key-encryption key ${kekId(oldKek)}, which is neither CSM_KEK (${kekId(newKek)}) nor in CSM_KEK_PREVIOUS: give that key in CSM_KEK_PREVIOUS`,
    );
  });

  it('reads a record without a KEK id as wrapped by the current key, then by the previous ones, and marks it for re-wrapping', () => {
    const legacy = formatOne(oldKek, 's.1', key);
    expect(new SubjectKeyWrapping(oldKek).unwrap('s.1', legacy)).toEqual(key);
    expect(new SubjectKeyWrapping(oldKek).needsRewrap(legacy)).toBe(true);
    expect(new SubjectKeyWrapping(newKek, [oldKek]).unwrap('s.1', legacy)).toEqual(key);
    expect(() => new SubjectKeyWrapping(newKek).unwrap('s.1', legacy)).toThrow('cannot be unwrapped with CSM_KEK nor any key in CSM_KEK_PREVIOUS');
  });

  it('binds a wrap to its key id, whichever KEK wrapped it', () => {
    const blob = new SubjectKeyWrapping(oldKek).wrap('s.1', key);
    expect(() => new SubjectKeyWrapping(newKek, [oldKek]).unwrap('s.2', blob)).toThrow();
  });

  it('refuses a KEK that is not 32 bytes, current or previous', () => {
    expect(() => new SubjectKeyWrapping(randomBytes(16))).toThrow('32 bytes');
    expect(() => new SubjectKeyWrapping(newKek, [randomBytes(16)])).toThrow('32 bytes');
  });
});
