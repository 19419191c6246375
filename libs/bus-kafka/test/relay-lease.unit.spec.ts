import { EmbeddedReadModels } from '@csm/readmodels';
import { LeaderElection, Lease } from '../src/relay-lease';

const setup = () => {
  const readModels = new EmbeddedReadModels();
  let now = 1_000_000;
  const clock = () => now;
  const lease = (holder: string) => new Lease({ readModels, name: 'registration.relay', holder, ttlMs: 10_000, clock });
  return { lease, advance: (ms: number) => (now += ms), readModels };
};

describe('relay lease', () => {
  it('is held by one replica at a time', async () => {
    const { lease } = setup();
    const a = lease('a');
    const b = lease('b');
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect([a.isHeld(), b.isHeld()]).toEqual([true, false]);
    expect(a.term()).toBe(1);
  });

  it('lets exactly one of two simultaneous candidates win a free lease', async () => {
    const { lease } = setup();
    const results = await Promise.all([lease('a').tryAcquire(), lease('b').tryAcquire()]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stays with its holder while renewed', async () => {
    const { lease, advance } = setup();
    const a = lease('a');
    const b = lease('b');
    await a.tryAcquire();
    for (let i = 0; i < 5; i++) {
      advance(3_000);
      expect(await a.tryAcquire()).toBe(true);
      expect(await b.tryAcquire()).toBe(false);
    }
    expect(a.term()).toBe(1);
  });

  it('passes to another replica once the holder stops renewing, in a new term, and fences the old holder first', async () => {
    const { lease, advance } = setup();
    const a = lease('a');
    const b = lease('b');
    await a.tryAcquire();
    advance(7_499);
    expect(a.isHeld()).toBe(true);
    advance(1);
    // The holder stops trusting its lease a safety margin (ttl / 4) before anyone may take it.
    expect(a.isHeld()).toBe(false);
    expect(await b.tryAcquire()).toBe(false);
    advance(2_501);
    expect(await b.tryAcquire()).toBe(true);
    expect(b.term()).toBe(2);
    // The deposed holder cannot renew its way back in.
    expect(await a.tryAcquire()).toBe(false);
    expect(a.isHeld()).toBe(false);
  });

  it('is free at once when its holder releases it', async () => {
    const { lease } = setup();
    const a = lease('a');
    const b = lease('b');
    await a.tryAcquire();
    await a.release();
    expect(a.isHeld()).toBe(false);
    expect(await b.tryAcquire()).toBe(true);
    expect(b.term()).toBe(2);
  });
});

describe('leader election', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  /** The shared database, as one replica reaches it: `cut` makes every call fail, as a network partition. */
  const reachableFrom = (shared: EmbeddedReadModels) => {
    const link = { cut: false };
    const guard = <T>(call: () => Promise<T>) => (link.cut ? Promise.reject(new Error('connection refused')) : call());
    const readModels = {
      collection: (name: string) => {
        const collection = shared.collection(name);
        return new Proxy(collection, { get: (target, key) => (...args: unknown[]) => guard(() => (target as any)[key](...args)) });
      },
      dropAll: () => shared.dropAll(),
      close: async () => undefined,
    } as unknown as EmbeddedReadModels;
    return { readModels, link };
  };

  it('stops a leader that can no longer renew before another replica starts, and the other takes over within the ttl', async () => {
    const shared = new EmbeddedReadModels();
    const events: string[] = [];
    const work = (who: string) => () => ({
      start: async () => void events.push(`${who} started at ${Date.now() - 1_000_000}`),
      stop: async () => void events.push(`${who} stopped at ${Date.now() - 1_000_000}`),
    });
    const a = reachableFrom(shared);
    const b = reachableFrom(shared);
    const electionA = new LeaderElection(new Lease({ readModels: a.readModels, name: 'relay', holder: 'a', ttlMs: 3_000 }), work('a'));
    const electionB = new LeaderElection(new Lease({ readModels: b.readModels, name: 'relay', holder: 'b', ttlMs: 3_000 }), work('b'));
    await electionA.start();
    await electionB.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual(['a started at 0']);
    expect([electionA.isLeader(), electionB.isLeader()]).toEqual([true, false]);

    // a renewed at 5 000 last; cut off from the database now, it stops at 5 000 + ttl - ttl/4,
    // before its lease expires (8 000) and b may take it.
    a.link.cut = true;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual(['a started at 0', 'a stopped at 7250', 'b started at 8000']);
    expect([electionA.isLeader(), electionB.isLeader()]).toEqual([false, true]);

    a.link.cut = false;
    await jest.advanceTimersByTimeAsync(3_000);
    expect([electionA.isLeader(), electionB.isLeader()]).toEqual([false, true]);
    await electionB.stop();
    await electionA.stop();
  });
});
