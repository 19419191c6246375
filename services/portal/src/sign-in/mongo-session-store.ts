import { createHash } from 'node:crypto';
import { MongoClient, type Collection, type Db } from 'mongodb';
import type { Session, SessionStore } from './session-store';

interface StoredSession {
  /** SHA-256 of the session id: someone who can read the database still cannot present a session. */
  _id: string;
  /** The session as JSON: exactly what was saved, absent fields stay absent. */
  session: string;
  /** The TTL index removes the document after this; reads never return it once passed. */
  expiresAt: Date;
}

const hashOf = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

export interface MongoSessionStoreOptions {
  /** Default `portal_sessions`, beside the read models but a collection of its own. */
  collection?: string;
  /** For the contract tests; the real time by default. */
  clock?: () => number;
}

const SWEEP_INTERVAL_MS = 60_000;
/** MongoDB's code for an option the server does not implement (FerretDB has no TTL indexes). */
const NOT_IMPLEMENTED = 238;

/**
 * Sessions in the read-model database, shared by every replica of the portal, so any replica
 * serves any request and a restart signs nobody out. Only a hash of the session id is stored.
 * Expired sessions are never returned, and are removed by a TTL index where the server has
 * them (MongoDB); where it has none (FerretDB), the store deletes expired ones itself, at most
 * once a minute, when it saves.
 */
export class MongoSessionStore implements SessionStore {
  private lastSweep = Number.NEGATIVE_INFINITY;

  private constructor(
    private readonly sessions: Collection<StoredSession>,
    private readonly clock: () => number,
    /** How ended sessions leave the database on this server. */
    readonly removesExpiredBy: 'ttl-index' | 'sweep',
    private readonly client?: MongoClient,
  ) {}

  /** A store with its own connection (the portal's production entry), its TTL index created. */
  static async connect(uri: string, database: string, options: MongoSessionStoreOptions = {}): Promise<MongoSessionStore> {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    try {
      return await MongoSessionStore.inDatabase(client.db(database), options, client);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** A store in a database whose connection someone else owns and closes. */
  static async inDatabase(db: Db, options: MongoSessionStoreOptions = {}, owned?: MongoClient): Promise<MongoSessionStore> {
    const sessions = db.collection<StoredSession>(options.collection ?? 'portal_sessions');
    let removesExpiredBy: 'ttl-index' | 'sweep' = 'ttl-index';
    try {
      await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expiresAt_ttl' });
    } catch (error) {
      if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
      await sessions.createIndex({ expiresAt: 1 }, { name: 'expiresAt' });
      removesExpiredBy = 'sweep';
    }
    return new MongoSessionStore(sessions, options.clock ?? Date.now, removesExpiredBy, owned);
  }

  async get(id: string): Promise<Session | undefined> {
    const stored = await this.sessions.findOne({ _id: hashOf(id), expiresAt: { $gt: new Date(this.clock()) } });
    return stored ? (JSON.parse(stored.session) as Session) : undefined;
  }

  async set(id: string, session: Session, ttlMs: number): Promise<void> {
    const document = { session: JSON.stringify(session), expiresAt: new Date(this.clock() + ttlMs) };
    await this.sessions.replaceOne({ _id: hashOf(id) }, document, { upsert: true });
    const now = this.clock();
    if (this.removesExpiredBy === 'sweep' && now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      await this.sessions.deleteMany({ expiresAt: { $lte: new Date(now) } });
    }
  }

  async delete(id: string): Promise<void> {
    await this.sessions.deleteOne({ _id: hashOf(id) });
  }

  /** Reachable: for the portal's readiness. */
  async ping(): Promise<void> {
    await this.sessions.findOne({}, { projection: { _id: 1 } });
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}
