import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { SubjectKeyStore } from '@csm/eventing';

/**
 * Subject keys for crypto-shredding, in their own SQLite file: never in the event log, never
 * in backups of the log. Erasure overwrites the key row with a tombstone (so a key id can never
 * silently get a new key) and the file runs with `secure_delete` so the bytes are gone.
 */
export class SqliteSubjectKeyStore implements SubjectKeyStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
      subject_key_id TEXT PRIMARY KEY,
      key BLOB,
      created_at TEXT NOT NULL,
      erased_at TEXT
    )`);
  }

  async keyFor(subjectKeyId: string, create: boolean): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT key, erased_at FROM subject_keys WHERE subject_key_id = ?').get(subjectKeyId) as
      | { key: Buffer | null; erased_at: string | null }
      | undefined;
    if (row) return row.erased_at || !row.key ? undefined : row.key;
    if (!create) return undefined;
    const key = randomBytes(32);
    this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject_key_id, key, created_at) VALUES (?, ?, ?)').run(subjectKeyId, key, new Date().toISOString());
    return this.keyFor(subjectKeyId, false);
  }

  async erase(subjectKeyId: string): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE subject_keys SET key = NULL, erased_at = ? WHERE subject_key_id = ? AND erased_at IS NULL')
      .run(new Date().toISOString(), subjectKeyId);
    if (result.changes === 0) {
      this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject_key_id, key, created_at, erased_at) VALUES (?, NULL, ?, ?)').run(subjectKeyId, new Date().toISOString(), new Date().toISOString());
    }
    return result.changes > 0;
  }

  close(): void {
    this.db.close();
  }
}
