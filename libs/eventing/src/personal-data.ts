import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Personal data of private individuals never enters an event in clear text (ARCHITECTURE §5).
 * It is sealed with a key belonging to the person (the data subject); erasure deletes the key,
 * after which every sealed copy, in events and read models alike, is unreadable for good,
 * while the hash chain over the sealed text stays intact.
 */
export interface SubjectKeyStore {
  /**
   * The subject's current key, created on first use. After an erasure a NEW key (the next
   * generation) is created, so data given again later is stored, while everything sealed
   * before the erasure stays unreadable for good.
   */
  currentKey(subjectKeyId: string): Promise<{ keyId: string; key: Buffer }>;
  /** A key by its full id (`<subject key id>.<generation>`); undefined once erased. */
  keyById(keyId: string): Promise<Buffer | undefined>;
  /** Deletes every key of the subject. Returns false when there was none. */
  erase(subjectKeyId: string): Promise<boolean>;
}

const PREFIX = 'pd:v1:';

/** Keys are per person, not per record: the same e-mail address in two organisations shares one. */
export const subjectKeyIdForEmail = (email: string): string =>
  `email-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;

export class PersonalDataVault {
  constructor(private readonly keys: SubjectKeyStore) {}

  /** `pd:v1:<keyId>:<iv>:<tag>:<ciphertext>`, AES-256-GCM, base64url parts. */
  async seal(subjectKeyId: string, value: unknown): Promise<string> {
    if (!/^[A-Za-z0-9_-]+$/.test(subjectKeyId)) throw new Error('A subject key id is letters, digits, _ and - only');
    const { keyId, key } = await this.keys.currentKey(subjectKeyId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${PREFIX}${keyId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
  }

  /** The clear value, or `{ erased: true }` when the subject's key no longer exists. */
  async open<T>(sealed: string): Promise<T | { erased: true }> {
    if (!sealed.startsWith(PREFIX)) throw new Error('Not sealed personal data');
    const [keyId, iv, tag, ciphertext] = sealed.slice(PREFIX.length).split(':') as [string, string, string, string];
    const key = await this.keys.keyById(keyId);
    if (!key) return { erased: true };
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const clear = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(clear) as T;
  }

  erase(subjectKeyId: string): Promise<boolean> {
    return this.keys.erase(subjectKeyId);
  }
}

/** For tests and single-process tools; the embedded platform keeps keys in SQLite. */
export class InMemorySubjectKeyStore implements SubjectKeyStore {
  /** subject → its generations, newest last; an erased generation is null. */
  private readonly generations = new Map<string, (Buffer | null)[]>();

  async currentKey(subjectKeyId: string): Promise<{ keyId: string; key: Buffer }> {
    const keys = this.generations.get(subjectKeyId) ?? [];
    let current = keys.at(-1);
    if (!current) {
      current = randomBytes(32);
      keys.push(current);
      this.generations.set(subjectKeyId, keys);
    }
    return { keyId: `${subjectKeyId}.${keys.length}`, key: current };
  }

  async keyById(keyId: string): Promise<Buffer | undefined> {
    const [subjectKeyId, generation] = keyId.split('.') as [string, string];
    return this.generations.get(subjectKeyId)?.[Number(generation) - 1] ?? undefined;
  }

  async erase(subjectKeyId: string): Promise<boolean> {
    const keys = this.generations.get(subjectKeyId);
    if (!keys || keys.every((k) => k === null)) return false;
    this.generations.set(subjectKeyId, keys.map(() => null));
    return true;
  }
}
