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

export interface SqliteEventStoreOptions {
  /** Path of the database file; missing parent directories are created. */
  file: string;
}

/** Group commit made visible: how many transactions (fsyncs) carried how many appends. */
export interface SqliteEventStoreStats {
  transactions: number;
  appends: number;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: AppendResult; inserted: number } | { error: unknown };

// The connection reads every INTEGER as a bigint (safeIntegers), so revisions and positions
// never pass through a lossy double.
interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  version: bigint;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SCHEMA = `
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
    name     TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
  );
`;

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamRevision: row.revision,
  position: row.position,
  type: row.type,
  version: Number(row.version),
  data: JSON.parse(row.data) as Record<string, unknown>,
  metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
  recordedAt: row.recorded_at,
});

const isEventIdConflict = (error: unknown): boolean =>
  (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String(error).includes('events.event_id');

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous = FULL`, so an append
 * whose promise resolved survives `kill -9` and power loss.
 *
 * Group commit: appends that arrive while the event loop is busy are queued and written together
 * in ONE transaction (one fsync) on the next turn. Each append is checked on its own inside a
 * savepoint, against the stream as the earlier appends of the same batch left it, so one
 * caller's conflict never fails another's, and every caller is answered only after the
 * transaction holding its events is on disk.
 */
export class SqliteEventStore implements EventStore {
  private readonly queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<() => void>();
  private readonly counters: SqliteEventStoreStats = { transactions: 0, appends: 0 };
  private closed = false;
  private checkpointStore?: SqliteCheckpointStore;

  private readonly sql: {
    streamHead: Database.Statement<[string]>;
    eventPlace: Database.Statement<[string]>;
    lastAtOrBefore: Database.Statement<[string, bigint]>;
    insert: Database.Statement<[string, bigint, string, string, number, string, string, string]>;
    readStream: Database.Statement<[string, bigint]>;
    readAll: Database.Statement<[bigint, number]>;
    headPosition: Database.Statement<[]>;
  };
  private readonly writeBatch: Database.Transaction<(batch: PendingAppend[]) => Outcome[]>;
  /** Nested inside `writeBatch`, better-sqlite3 runs this as a SAVEPOINT. */
  private readonly appendInSavepoint: Database.Transaction<(pending: PendingAppend) => { ok: AppendResult; inserted: number }>;

  private constructor(private readonly db: Database.Database) {
    this.sql = {
      streamHead: db.prepare('SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      eventPlace: db.prepare('SELECT stream_id, revision FROM events WHERE event_id = ?'),
      lastAtOrBefore: db.prepare('SELECT revision, position FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT 1'),
      insert: db.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      readStream: db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision'),
      readAll: db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      headPosition: db.prepare('SELECT MAX(position) AS position FROM events'),
    };
    this.appendInSavepoint = db.transaction((pending: PendingAppend) => this.appendOne(pending));
    this.writeBatch = db.transaction((batch: PendingAppend[]) =>
      batch.map((pending): Outcome => {
        try {
          return this.appendInSavepoint(pending);
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    mkdirSync(dirname(options.file), { recursive: true });
    const db = new Database(options.file);
    try {
      const journal = db.pragma('journal_mode = WAL', { simple: true });
      // Some file systems refuse WAL; the durability promise is not silently weakened then.
      if (String(journal).toLowerCase() !== 'wal') throw new Error(`SQLite refused WAL mode for ${options.file} (got ${String(journal)})`);
      db.pragma('synchronous = FULL');
      // Another process on the same file (a relay saving checkpoints) makes us wait, not fail.
      db.pragma('busy_timeout = 5000');
      db.defaultSafeIntegers(true);
      db.exec(SCHEMA);
      return new SqliteEventStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
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
    let outcomes: Outcome[];
    try {
      // IMMEDIATE takes the write lock up front, so a concurrent writer in another process makes
      // us wait (busy_timeout) instead of failing halfway through the batch.
      outcomes = this.writeBatch.immediate(batch);
    } catch (error) {
      // Nothing of the batch was committed (busy, disk full, I/O error): everyone hears so.
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.counters.transactions++;
    this.counters.appends += batch.length;
    let inserted = 0;
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if ('ok' in outcome) {
        inserted += outcome.inserted;
        pending.resolve(outcome.ok);
      } else {
        pending.reject(outcome.error);
      }
    });
    if (inserted > 0) this.notify();
  }

  private appendOne({ streamId, events, expected }: PendingAppend): { ok: AppendResult; inserted: number } {
    if (events.length > 0) {
      const first = events[0]!.eventId;
      const stored = this.sql.eventPlace.get(first) as { stream_id: string; revision: bigint } | undefined;
      if (stored) {
        if (stored.stream_id !== streamId) throw new DuplicateEventIdError(first);
        // A retried append: answer with where its events already are, append nothing.
        const last = this.sql.lastAtOrBefore.get(streamId, stored.revision + BigInt(events.length) - 1n) as { revision: bigint; position: bigint };
        return { ok: { nextExpectedRevision: last.revision, position: last.position, alreadyStored: true }, inserted: 0 };
      }
    }

    const head = this.sql.streamHead.get(streamId) as { revision: bigint; position: bigint } | undefined;
    const actual: bigint | 'no_stream' = head ? head.revision : 'no_stream';
    const matches = expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : actual === expected);
    if (!matches) throw new WrongExpectedRevisionError(streamId, expected, actual);

    let revision = head ? head.revision : -1n;
    let position = head ? head.position : -1n;
    const recordedAt = new Date().toISOString();
    for (const event of events) {
      revision++;
      try {
        const info = this.sql.insert.run(
          streamId,
          revision,
          event.eventId,
          event.type,
          event.version,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          recordedAt,
        );
        position = BigInt(info.lastInsertRowid);
      } catch (error) {
        if (isEventIdConflict(error)) throw new DuplicateEventIdError(event.eventId);
        throw error;
      }
    }
    return { ok: { nextExpectedRevision: revision, position, alreadyStored: false }, inserted: events.length };
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // The events are committed already; a failing listener must not undo that for anyone.
      }
    }
  }

  async readStream(streamId: string, fromRevision = 0n): Promise<RecordedEvent[]> {
    return (this.sql.readStream.all(streamId, fromRevision) as EventRow[]).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // SQLite reads a negative LIMIT as "no limit"; the port means "at most".
    const maxCount = Math.max(0, options.maxCount ?? 1000);
    return (this.sql.readAll.all(options.after ?? -1n, maxCount) as EventRow[]).map(toRecorded);
  }

  async headPosition(): Promise<bigint> {
    const row = this.sql.headPosition.get() as { position: bigint | null };
    return row.position ?? -1n;
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Durable checkpoints in the same file (for relays; embedded projections rebuild instead). */
  checkpoints(): SqliteCheckpointStore {
    this.checkpointStore ??= new SqliteCheckpointStore(this.db);
    return this.checkpointStore;
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
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

/**
 * Checkpoints in the event store's own file, table `checkpoints`. Obtain one with
 * `store.checkpoints()`; it lives as long as the store's connection.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly loadOne: Database.Statement<[string]>;
  private readonly saveOne: Database.Statement<[string, bigint]>;

  constructor(db: Database.Database) {
    this.loadOne = db.prepare('SELECT position FROM checkpoints WHERE name = ?').safeIntegers(true);
    this.saveOne = db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
  }

  async load(subscriptionName: string): Promise<bigint | undefined> {
    const row = this.loadOne.get(subscriptionName) as { position: bigint } | undefined;
    return row?.position;
  }

  async save(subscriptionName: string, position: bigint): Promise<void> {
    this.saveOne.run(subscriptionName, position);
  }
}
