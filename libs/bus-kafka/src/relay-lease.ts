import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { DuplicateKeyError, type ReadModels } from '@csm/readmodels';
import type { SubscriptionStatus } from '@csm/eventing';

interface LeaseDocument {
  _id: string;
  holder: string;
  /** Milliseconds since the epoch, by the clock of the holder that wrote it. */
  expiresAt: number;
  /** Grows by one each time the lease changes hands: the fencing token of a term. */
  term: number;
  [key: string]: unknown;
}

export interface LeaseOptions {
  /** The read-model database every replica shares (MongoDB in production). */
  readModels: ReadModels;
  /** What is leased, e.g. `registration.relay` (namespaced like the relay). */
  name: string;
  /** Unique per process. */
  holder?: string;
  /** How long a lease lasts unless renewed; a dead leader is replaced after at most this. */
  ttlMs?: number;
  /**
   * How long before the expiry the holder already counts its lease as lost, so that a deposed
   * leader has stopped publishing before anyone else may acquire it: covers clock skew between
   * replicas and a renewal that took long. Default: a quarter of the ttl.
   */
  safetyMarginMs?: number;
  clock?: () => number;
  collectionName?: string;
}

/**
 * A lease in the read-model database: one document per leased thing, taken or renewed by a
 * compare-and-set on (holder, term, expiry), so two replicas can never both succeed. The holder
 * trusts its lease only until `expiry - safetyMargin` by its own clock since it last wrote it:
 * if it cannot renew (paused, partitioned, database down) it stops before anyone else starts.
 */
export class Lease {
  readonly holder: string;
  private readonly ttlMs: number;
  private readonly marginMs: number;
  private readonly clock: () => number;
  private heldUntil = 0;
  private heldTerm?: number;

  constructor(private readonly options: LeaseOptions) {
    this.holder = options.holder ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.marginMs = options.safetyMarginMs ?? Math.floor(this.ttlMs / 4);
    this.clock = options.clock ?? Date.now;
  }

  /** What is leased (namespaced like the relay it guards). */
  get name(): string {
    return this.options.name;
  }

  private get documents() {
    return this.options.readModels.collection<LeaseDocument>(this.options.collectionName ?? 'leases');
  }

  /** Acquires the lease if it is free or expired, renews it if held; true when held afterwards. */
  async tryAcquire(): Promise<boolean> {
    const began = this.clock();
    const current = await this.documents.findOne({ _id: this.options.name });
    const mine = current?.holder === this.holder && current.term === this.heldTerm;
    if (current && !mine && current.expiresAt > began) return this.lost();
    const next: LeaseDocument = { _id: this.options.name, holder: this.holder, expiresAt: began + this.ttlMs, term: mine ? current.term : (current?.term ?? 0) + 1 };
    if (!current) {
      try {
        await this.documents.insertOne(next);
      } catch (error) {
        if (error instanceof DuplicateKeyError) return this.lost();
        throw error;
      }
    } else {
      const swapped = await this.documents.updateOne(
        { _id: this.options.name, holder: current.holder, term: current.term, expiresAt: current.expiresAt },
        { $set: { holder: next.holder, expiresAt: next.expiresAt, term: next.term } },
      );
      if (swapped.matchedCount !== 1) return this.lost();
    }
    this.heldTerm = next.term;
    this.heldUntil = began + this.ttlMs - this.marginMs;
    return true;
  }

  private lost(): false {
    this.heldUntil = 0;
    this.heldTerm = undefined;
    return false;
  }

  /** True while this process may act as the holder: no I/O, safe to ask before every publish. */
  isHeld(): boolean {
    return this.heldTerm !== undefined && this.clock() < this.heldUntil;
  }

  /** Milliseconds until this holder stops trusting its lease (0 when not held). */
  msLeft(): number {
    return this.heldTerm === undefined ? 0 : Math.max(0, this.heldUntil - this.clock());
  }

  /** The fencing token of the current term, while held. */
  term(): number | undefined {
    return this.isHeld() ? this.heldTerm : undefined;
  }

  /** Gives the lease up at once (orderly shutdown), so another replica need not wait for expiry. */
  async release(): Promise<void> {
    const term = this.heldTerm;
    this.lost();
    if (term === undefined) return;
    await this.documents.updateOne({ _id: this.options.name, holder: this.holder, term }, { $set: { expiresAt: 0 } });
  }

  /** How often a holder renews and a candidate retries: a third of the ttl. */
  get renewEveryMs(): number {
    return Math.max(50, Math.floor(this.ttlMs / 3));
  }
}

/** What a leased process runs while it holds the lease; `mayAct` is its fence, asked before every side effect. */
export interface LeasedWork {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Its progress, for /readyz and /metrics (the relay's catch-up subscription). */
  status?(): SubscriptionStatus | undefined;
}

/**
 * Runs `work` only while `lease` is held: campaigns for the lease, starts the work when it wins,
 * renews it, and stops the work as soon as the lease is lost (or can no longer be renewed in
 * time). The work itself asks `lease.isHeld()` before each side effect, so even a leader that
 * was paused past its lease publishes nothing more once it runs again.
 */
export class LeaderElection {
  private timer?: NodeJS.Timeout;
  /** Fires when the lease would lapse unrenewed, so the work stops at that moment, not a tick later. */
  private deadline?: NodeJS.Timeout;
  private active?: LeasedWork;
  private ticking?: Promise<void>;
  private running = false;

  constructor(
    private readonly lease: Lease,
    private readonly makeWork: () => LeasedWork,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    await this.tick();
    this.timer = setInterval(() => this.scheduleTick(), this.lease.renewEveryMs);
  }

  private scheduleTick(): void {
    this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
  }

  /** The work's progress while leading; a standby replica is running and waiting, never stalled. */
  status(): SubscriptionStatus {
    return this.active?.status?.() ?? { name: this.lease.name, position: -1n, running: this.running, stalledForMs: 0 };
  }

  isLeader(): boolean {
    return this.active !== undefined && this.lease.isHeld();
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    try {
      await this.lease.tryAcquire();
    } catch (error) {
      // The database is unreachable: the lease lapses by itself at its local deadline.
      this.log('lease: could not renew', error);
    }
    if (this.lease.isHeld() && !this.active) {
      this.log(`lease: ${this.lease.holder} leads (term ${this.lease.term()})`);
      const work = this.makeWork();
      this.active = work;
      try {
        await work.start();
      } catch (error) {
        this.log('lease: work failed to start', error);
        this.active = undefined;
        await work.stop().catch(() => undefined);
      }
    } else if (!this.lease.isHeld() && this.active) {
      this.log(`lease: ${this.lease.holder} lost the lease; stopping`);
      const work = this.active;
      this.active = undefined;
      await work.stop().catch((error) => this.log('lease: work failed to stop', error));
    }
    if (this.deadline) clearTimeout(this.deadline);
    if (this.active && this.running) this.deadline = setTimeout(() => this.scheduleTick(), this.lease.msLeft());
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    if (this.deadline) clearTimeout(this.deadline);
    await this.ticking;
    const work = this.active;
    this.active = undefined;
    await work?.stop();
    await this.lease.release().catch(() => undefined);
  }
}
