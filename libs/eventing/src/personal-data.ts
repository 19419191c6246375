import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Personal data of private individuals never enters an event in clear text (ARCHITECTURE §5).
 * It is sealed with a key belonging to the person (the data subject); erasure deletes the key,
 * after which every sealed copy, in events and read models alike, is unreadable for good,
 * while the hash chain over the sealed text stays intact.
 */
export interface SubjectKeyStore {
  /** The subject's 32-byte key, created on first use; undefined once the key was erased. */
  keyFor(subjectKeyId: string, create: boolean): Promise<Buffer | undefined>;
  /** Deletes the key for good. Returns false when there was none. */
  erase(subjectKeyId: string): Promise<boolean>;
}

const PREFIX = 'pd:v1:';

/** Keys are per person, not per record: the same e-mail address in two organisations shares one. */
export const subjectKeyIdForEmail = (email: string): string =>
  `email-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;

export class PersonalDataVault {
  constructor(private readonly keys: SubjectKeyStore) {}

  /** `pd:v1:<subjectKeyId>:<iv>:<tag>:<ciphertext>`, AES-256-GCM, base64url parts. */
  async seal(subjectKeyId: string, value: unknown): Promise<string> {
    if (subjectKeyId.includes(':')) throw new Error('A subject key id cannot contain ":"');
    const key = await this.keys.keyFor(subjectKeyId, true);
    if (!key) throw new Error(`The personal data of ${subjectKeyId} was erased and cannot be stored again under that key`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${PREFIX}${subjectKeyId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
  }

  /** The clear value, or `{ erased: true }` when the subject's key no longer exists. */
  async open<T>(sealed: string): Promise<T | { erased: true }> {
    if (!sealed.startsWith(PREFIX)) throw new Error('Not sealed personal data');
    const [subjectKeyId, iv, tag, ciphertext] = sealed.slice(PREFIX.length).split(':') as [string, string, string, string];
    const key = await this.keys.keyFor(subjectKeyId, false);
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
  private readonly keys = new Map<string, Buffer | 'erased'>();

  async keyFor(subjectKeyId: string, create: boolean): Promise<Buffer | undefined> {
    const existing = this.keys.get(subjectKeyId);
    if (existing === 'erased') return undefined;
    if (existing) return existing;
    if (!create) return undefined;
    const key = randomBytes(32);
    this.keys.set(subjectKeyId, key);
    return key;
  }

  async erase(subjectKeyId: string): Promise<boolean> {
    const had = this.keys.has(subjectKeyId) && this.keys.get(subjectKeyId) !== 'erased';
    this.keys.set(subjectKeyId, 'erased');
    return had;
  }
}
