/** What the portal keeps for one browser, server-side: tokens never reach the page or its storage. */
export interface Session {
  /** Between the redirect to the issuer and its callback. */
  pendingSignIn?: { state: string; codeVerifier: string; back: string };
  user?: SignedInPerson;
  /** The synchronizer token every form of a signed-in page carries (CSRF). */
  csrfToken?: string;
  tokens?: { accessToken: string; refreshToken?: string; idToken?: string; expiresAt?: number };
  /**
   * Per service, the log position of this person's last accepted command: the pages they read
   * next wait for it (`minPosition`), so people always see what they just did.
   */
  positions?: Partial<Record<'registration' | 'proposals' | 'countyPlans' | 'resources', string>>;
  /**
   * Forms filled in over several pages, kept here until the person submits them (a service
   * records only what is submitted). One entry per journey, under a name its code chooses.
   */
  drafts?: Record<string, unknown>;
}

/**
 * Who is signed in, as the access token says: for choosing which links and pages to offer. The
 * services still decide every request from the token itself.
 */
export interface SignedInPerson {
  name: string;
  roles: string[];
  organizationId?: string;
  countyCode?: string;
}

/**
 * Where sessions live: `InMemorySessionStore` embedded, `MongoSessionStore` (the read-model
 * database) in production, so any replica can serve any request. Values are whole sessions; `ttlMs` is refreshed on each save.
 */
export interface SessionStore {
  get(id: string): Promise<Session | undefined>;
  set(id: string, session: Session, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * One process's sessions, for the embedded platform and tests. Sessions are kept as JSON, as the
 * shared store keeps them, so a page that changes its session object changes nothing until saved.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, { session: string; expiresAt: number }>();

  /** `clock` for the contract tests; the real time by default. */
  constructor(private readonly clock: () => number = Date.now) {}

  async get(id: string): Promise<Session | undefined> {
    const entry = this.sessions.get(id);
    if (entry && entry.expiresAt > this.clock()) return JSON.parse(entry.session) as Session;
    this.sessions.delete(id);
    return undefined;
  }

  async set(id: string, session: Session, ttlMs: number): Promise<void> {
    const now = this.clock();
    for (const [key, entry] of this.sessions) if (entry.expiresAt <= now) this.sessions.delete(key);
    this.sessions.set(id, { session: JSON.stringify(session), expiresAt: now + ttlMs });
  }

  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
  }
}
