import { EmbeddedReadModels } from '@csm/readmodels';
import { Lease } from '../src/relay-lease';

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
