import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type CheckpointStore,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
} from '@csm/eventing';

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamRevision: BigInt(row.revision),
  position: BigInt(row.position),
  type: row.type,
  version: row.version,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  recordedAt: row.recorded_at,
});

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous = FULL`, so an append
 * whose promise resolved survives `kill -9` and power loss.
 *
 * Group commit: appends that arrive while the event loop is busy are queued and written together
 * in ONE transaction (one fsync) on the next turn. Each append is checked on its own inside a
 * savepoint, so one caller's conflict never fails another's, and every caller is answered only
 * after the transaction holding its events is on disk.
 */
export class SqliteEventStore implements EventStore {
  private readonly queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<() => void>();
  private transactions = 0;
  private appends = 0;
  private closed = false;

  private constructor(private readonly db: Database.Database) {}

  static async open(options: { file: string }): Promise<SqliteEventStore> {
    mkdirSync(dirname(options.file), { recursive: true });
    const db = new Database(options.file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position    INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id   TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        event_id    TEXT    NOT NULL UNIQUE,
        type        TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        data        TEXT    NOT NULL,
        metadata    TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE TABLE IF NOT EXISTS checkpoints (
        name     TEXT PRIMARY KEY,
        position INTEGER NOT NULL
      );
    `);
    return new SqliteEventStore(db);
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes every queued append in one transaction, then answers each caller. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    const outcomes: ({ ok: AppendResult } | { error: unknown })[] = [];
    const appendOne = this.db.transaction((pending: PendingAppend) => this.appendOne(pending));
    const writeBatch = this.db.transaction(() => {
      for (const pending of batch) {
        // A nested transaction is a savepoint: a failing append rolls back alone.
        try {
          outcomes.push({ ok: appendOne(pending) });
        } catch (error) {
          outcomes.push({ error });
        }
      }
    });
    try {
      // IMMEDIATE takes the write lock up front: another process on the same file (a relay
      // saving its checkpoint) makes us wait (busy_timeout) instead of failing mid-transaction.
      writeBatch.immediate();
      this.transactions++;
      this.appends += batch.length;
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if ('ok' in outcome) pending.resolve(outcome.ok);
      else pending.reject(outcome.error);
    });
    for (const listener of this.listeners) listener();
  }

  private appendOne({ streamId, events, expected }: PendingAppend): AppendResult {
    const head = this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?').get(streamId) as { revision: number | null };
    const actual: bigint | 'no_stream' = head.revision === null ? 'no_stream' : BigInt(head.revision);

    if (events.length > 0) {
      const existing = this.db.prepare('SELECT stream_id, revision FROM events WHERE event_id = ?').get(events[0]!.eventId) as
        | { stream_id: string; revision: number }
        | undefined;
      if (existing) {
        if (existing.stream_id !== streamId) throw new DuplicateEventIdError(events[0]!.eventId);
        // A retried append: answer with where its events already are.
        const lastRevision = existing.revision + events.length - 1;
        const last = this.db
          .prepare('SELECT revision, position FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT 1')
          .get(streamId, lastRevision) as { revision: number; position: number };
        return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position) };
      }
    }

    const matches =
      expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : actual !== 'no_stream' && actual === expected);
    if (!matches) throw new WrongExpectedRevisionError(streamId, expected, actual);

    const insert = this.db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    let revision = actual === 'no_stream' ? -1 : Number(actual);
    let position = -1n;
    const recordedAt = new Date().toISOString();
    for (const event of events) {
      revision++;
      try {
        const info = insert.run(streamId, revision, event.eventId, event.type, event.version, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt);
        position = BigInt(info.lastInsertRowid);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String(error).includes('event_id')) {
          throw new DuplicateEventIdError(event.eventId);
        }
        throw error;
      }
    }
    if (events.length === 0) {
      const last = this.db.prepare('SELECT MAX(position) AS position FROM events WHERE stream_id = ?').get(streamId) as { position: number | null };
      position = last.position === null ? -1n : BigInt(last.position);
    }
    return { nextExpectedRevision: BigInt(revision), position };
  }

  async readStream(streamId: string, fromRevision = 0n): Promise<RecordedEvent[]> {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision')
      .all(streamId, Number(fromRevision)) as EventRow[];
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?')
      .all(Number(options.after ?? -1n), options.maxCount ?? 1000) as EventRow[];
    return rows.map(toRecorded);
  }

  async headPosition(): Promise<bigint> {
    const row = this.db.prepare('SELECT MAX(position) AS position FROM events').get() as { position: number | null };
    return row.position === null ? -1n : BigInt(row.position);
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Durable checkpoints in the same file (for relays; embedded projections rebuild instead). */
  checkpoints(): CheckpointStore {
    const load = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?');
    const save = this.db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position');
    return {
      load: async (name) => {
        const row = load.get(name) as { position: number } | undefined;
        return row ? BigInt(row.position) : undefined;
      },
      save: async (name, position) => {
        save.run(name, Number(position));
      },
    };
  }

  /** How many transactions (fsyncs) carried how many appends: group commit made visible. */
  stats(): { transactions: number; appends: number } {
    return { transactions: this.transactions, appends: this.appends };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Answer everything already accepted before closing.
    while (this.queue.length > 0) this.flush();
    this.closed = true;
    this.listeners.clear();
    this.db.close();
  }
}
