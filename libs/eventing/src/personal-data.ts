import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

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

/** A secret given in configuration: base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`). */
export const secretFromBase64 = (text: string): Buffer => {
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== text.trim()) throw new Error('expected base64 of exactly 32 bytes');
  return bytes;
};

/**
 * Stable, pseudonymous ids of people: an HMAC-SHA256 of the normalised e-mail address or
 * username under a secret from configuration. Ids are per person, not per record (the same
 * address in two organisations shares one key), and without the secret nobody can confirm from
 * the log whose id it is, not even after erasure, which a bare hash would allow by guessing.
 */
export class SubjectIds {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('The subject id secret must be at least 32 bytes');
  }

  /** The subject key id of a contact person, by e-mail address (case and spaces do not matter). */
  forEmail(email: string): string {
    return `email-${this.mac('email', email.trim().toLowerCase())}`;
  }

  /** The member id of a platform user, by username (identity providers compare usernames case-blind). */
  forUsername(username: string): string {
    return `user-${this.mac('username', username.trim().toLowerCase())}`;
  }

  /**
   * The id contacts were sealed under before ids were keyed (a bare sha256). Used only to erase
   * keys created then, so data given before the change can still be erased; never to seal.
   */
  legacyForEmail(email: string): string {
    return `email-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
  }

  /** The kind is part of the message, so an e-mail address and an equal username never share an id. */
  private mac(kind: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${kind}\n${value}`).digest('hex').slice(0, 32);
  }
}

/** The id of a key-encryption key: the first 8 bytes of an HMAC-SHA256 under it, hex. Names the key, never reveals it. */
export const kekId = (kek: Buffer): string => createHmac('sha256', kek).update('csm key-encryption key id').digest().subarray(0, 8).toString('hex');

/**
 * Subject keys at rest are wrapped (AES-256-GCM) under a key-encryption key from configuration
 * (a Kubernetes Secret in production), so a copy of the key store alone opens nothing. The key id
 * is authenticated with the key, so a wrapped key moved to another subject's record fails.
 *
 * Rotation: new wraps are always under the current KEK and record its id ({@link kekId});
 * previous KEKs (CSM_KEK_PREVIOUS) still unwrap what they wrapped until `npm run kek:rotate`
 * has re-wrapped everything. Records written before the id existed (format 1) are read as
 * wrapped by the current KEK, then by the previous ones (GCM authenticates, so a wrong key
 * fails rather than yielding a wrong key).
 */
export class SubjectKeyWrapping {
  private static readonly FORMAT_WITHOUT_KEK_ID = 1;
  private static readonly FORMAT = 2;
  /** The current KEK's id. */
  readonly currentKekId: string;
  /** KEK id → KEK, the current one first. */
  private readonly keks = new Map<string, Buffer>();

  constructor(kek: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [kek, ...previous]) if (key.length !== 32) throw new Error('The key-encryption key must be 32 bytes');
    this.currentKekId = kekId(kek);
    for (const key of [kek, ...previous]) if (!this.keks.has(kekId(key))) this.keks.set(kekId(key), key);
  }

  /** The ids of every KEK this wrapping can unwrap with, the current one first. */
  get kekIds(): string[] {
    return [...this.keks.keys()];
  }

  /** `<format 2><kek id 8><iv 12><tag 16><wrapped key>`, under the current KEK. */
  wrap(keyId: string, key: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keks.get(this.currentKekId)!, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([Buffer.from([SubjectKeyWrapping.FORMAT]), Buffer.from(this.currentKekId, 'hex'), iv, cipher.getAuthTag(), wrapped]);
  }

  /** The id of the KEK that wrapped `blob`; undefined for records written before ids were recorded. */
  kekIdOf(blob: Buffer): string | undefined {
    return blob[0] === SubjectKeyWrapping.FORMAT ? blob.subarray(1, 9).toString('hex') : undefined;
  }

  /** True when `blob` is not (yet) wrapped under the current KEK in the current format: `kek:rotate` re-wraps it. */
  needsRewrap(blob: Buffer): boolean {
    return this.kekIdOf(blob) !== this.currentKekId;
  }

  /** The same key, wrapped under the current KEK. */
  rewrap(keyId: string, blob: Buffer): Buffer {
    return this.wrap(keyId, this.unwrap(keyId, blob));
  }

  unwrap(keyId: string, blob: Buffer): Buffer {
    if (blob[0] === SubjectKeyWrapping.FORMAT) {
      const id = blob.subarray(1, 9).toString('hex');
      const kek = this.keks.get(id);
      if (!kek)
        throw new Error(
          `Subject key ${keyId} is wrapped under key-encryption key ${id}, which is neither CSM_KEK (${this.currentKekId}) nor in CSM_KEK_PREVIOUS: give that key in CSM_KEK_PREVIOUS`,
        );
      return SubjectKeyWrapping.decrypt(kek, keyId, blob.subarray(9));
    }
    if (blob[0] !== SubjectKeyWrapping.FORMAT_WITHOUT_KEK_ID) throw new Error(`Subject key ${keyId} is not wrapped in a known format`);
    for (const kek of this.keks.values()) {
      try {
        return SubjectKeyWrapping.decrypt(kek, keyId, blob.subarray(1));
      } catch {
        // Not this KEK: try the next one.
      }
    }
    throw new Error(`Subject key ${keyId} cannot be unwrapped with CSM_KEK nor any key in CSM_KEK_PREVIOUS`);
  }

  /** `<iv 12><tag 16><wrapped key>`. */
  private static decrypt(kek: Buffer, keyId: string, body: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', kek, body.subarray(0, 12));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(body.subarray(12, 28));
    return Buffer.concat([decipher.update(body.subarray(28)), decipher.final()]);
  }
}

/** What a re-wrap pass did (`kek:rotate`). */
export interface RewrapSummary {
  /** Key records looked at (erased tombstones included). */
  examined: number;
  /** Re-wrapped under the current KEK by this pass. */
  rewrapped: number;
  /** Already under the current KEK (an earlier, possibly interrupted, run or a new key). */
  alreadyCurrent: number;
  /** Erased keys: nothing to re-wrap. */
  erased: number;
  /** Changed (erased or re-wrapped) by a service between read and write: left as the service wrote it. */
  changedConcurrently: number;
  /** Could not be unwrapped: key id and reason. */
  failed: { keyId: string; reason: string }[];
}

/** A subject key store whose stored keys can be re-wrapped under the current KEK, record by record, compare-and-set. */
export interface RewrappableSubjectKeyStore {
  rewrapAll(onProgress?: (summary: RewrapSummary) => void): Promise<RewrapSummary>;
}

export const emptyRewrapSummary = (): RewrapSummary => ({ examined: 0, rewrapped: 0, alreadyCurrent: 0, erased: 0, changedConcurrently: 0, failed: [] });

/** One record's re-wrap: decides, and writes through `compareAndSet` (true when the record still held `blob`). */
export const rewrapRecord = async (
  wrapping: SubjectKeyWrapping,
  summary: RewrapSummary,
  keyId: string,
  blob: Buffer | null,
  compareAndSet: (rewrapped: Buffer) => Promise<boolean>,
): Promise<void> => {
  summary.examined += 1;
  if (!blob) {
    summary.erased += 1;
    return;
  }
  if (!wrapping.needsRewrap(blob)) {
    summary.alreadyCurrent += 1;
    return;
  }
  let rewrapped: Buffer;
  try {
    rewrapped = wrapping.rewrap(keyId, blob);
  } catch (error) {
    summary.failed.push({ keyId, reason: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (await compareAndSet(rewrapped)) summary.rewrapped += 1;
  else summary.changedConcurrently += 1;
};

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
