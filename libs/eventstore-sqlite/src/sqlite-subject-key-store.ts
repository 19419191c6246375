import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { emptyRewrapSummary, rewrapRecord, type RewrappableSubjectKeyStore, type RewrapSummary, type SubjectKeyStore, type SubjectKeyWrapping } from '@csm/eventing';

/**
 * Subject keys for crypto-shredding, in their own SQLite file: never in the event log, never
 * in backups of the log. Erasure nulls every generation's key (the row stays as a tombstone, so a later key for the
 * same person is a new generation) and the file runs with `secure_delete` so the bytes are gone.
 * Keys are stored wrapped under the key-encryption key; the embedded default keeps that one
 * elsewhere (its own file, or CSM_KEK).
 */
export class SqliteSubjectKeyStore implements SubjectKeyStore, RewrappableSubjectKeyStore {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly wrapping: SubjectKeyWrapping,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
      subject_key_id TEXT    NOT NULL,
      generation     INTEGER NOT NULL,
      key            BLOB,
      created_at     TEXT    NOT NULL,
      erased_at      TEXT,
      PRIMARY KEY (subject_key_id, generation)
    )`);
    this.wrapKeysStoredInClear();
  }

  /** Files written before keys were wrapped held them in clear (exactly 32 bytes): wrap them once. */
  private wrapKeysStoredInClear(): void {
    const clear = this.db.prepare('SELECT subject_key_id, generation, key FROM subject_keys WHERE length(key) = 32').all() as { subject_key_id: string; generation: number; key: Buffer }[];
    const rewrap = this.db.prepare('UPDATE subject_keys SET key = ? WHERE subject_key_id = ? AND generation = ?');
    this.db.transaction(() => {
      for (const row of clear) rewrap.run(this.wrapping.wrap(`${row.subject_key_id}.${row.generation}`, row.key), row.subject_key_id, row.generation);
    })();
  }

  async currentKey(subjectKeyId: string): Promise<{ keyId: string; key: Buffer }> {
    const latest = this.db
      .prepare('SELECT generation, key FROM subject_keys WHERE subject_key_id = ? ORDER BY generation DESC LIMIT 1')
      .get(subjectKeyId) as { generation: number; key: Buffer | null } | undefined;
    if (latest?.key) {
      const keyId = `${subjectKeyId}.${latest.generation}`;
      return { keyId, key: this.wrapping.unwrap(keyId, latest.key) };
    }
    const generation = (latest?.generation ?? 0) + 1;
    const wrapped = this.wrapping.wrap(`${subjectKeyId}.${generation}`, randomBytes(32));
    this.db
      .prepare('INSERT OR IGNORE INTO subject_keys (subject_key_id, generation, key, created_at) VALUES (?, ?, ?, ?)')
      .run(subjectKeyId, generation, wrapped, new Date().toISOString());
    return this.currentKey(subjectKeyId);
  }

  async keyById(keyId: string): Promise<Buffer | undefined> {
    const [subjectKeyId, generation] = keyId.split('.') as [string, string];
    const row = this.db.prepare('SELECT key FROM subject_keys WHERE subject_key_id = ? AND generation = ?').get(subjectKeyId, Number(generation)) as
      | { key: Buffer | null }
      | undefined;
    return row?.key ? this.wrapping.unwrap(keyId, row.key) : undefined;
  }

  async erase(subjectKeyId: string): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE subject_keys SET key = NULL, erased_at = ? WHERE subject_key_id = ? AND key IS NOT NULL')
      .run(new Date().toISOString(), subjectKeyId);
    return result.changes > 0;
  }

  /**
   * Re-wraps every key under the current KEK, a page at a time in key order. Each write is a
   * compare-and-set on the wrapped bytes read, so a concurrent erasure (or another run) wins;
   * safe while the platform runs (WAL, other connections see each write at once).
   */
  async rewrapAll(onProgress?: (summary: RewrapSummary) => void): Promise<RewrapSummary> {
    const summary = emptyRewrapSummary();
    const page = this.db.prepare(
      'SELECT subject_key_id, generation, key FROM subject_keys WHERE (subject_key_id, generation) > (?, ?) ORDER BY subject_key_id, generation LIMIT 200',
    );
    const compareAndSet = this.db.prepare('UPDATE subject_keys SET key = ? WHERE subject_key_id = ? AND generation = ? AND key = ?');
    let after: [string, number] = ['', 0];
    for (;;) {
      const rows = page.all(...after) as { subject_key_id: string; generation: number; key: Buffer | null }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        await rewrapRecord(this.wrapping, summary, `${row.subject_key_id}.${row.generation}`, row.key, async (rewrapped) =>
          row.key ? compareAndSet.run(rewrapped, row.subject_key_id, row.generation, row.key).changes === 1 : false,
        );
      }
      const last = rows.at(-1)!;
      after = [last.subject_key_id, last.generation];
      onProgress?.(summary);
    }
    return summary;
  }

  close(): void {
    this.db.close();
  }
}
