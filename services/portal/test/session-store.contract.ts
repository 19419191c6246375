import type { Session, SessionStore } from '../src/sign-in/session-store';

/** A clock the test moves: expiry is checked without waiting. */
export class TestClock {
  constructor(private now = Date.parse('2026-11-25T12:00:00Z')) {}
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

const aSession = (): Session => ({
  user: { name: 'partner', roles: ['partner'], organizationId: 'amani-youth' },
  csrfToken: 'csrf-token',
  tokens: { accessToken: 'access', refreshToken: 'refresh', idToken: 'id', expiresAt: 1_764_072_300_000 },
  positions: { registration: '42' },
});

/**
 * What every SessionStore must do, run against each adapter: the in-memory one (unit) and the
 * MongoDB one on a MongoDB-wire server (e2e). `make` gets a clock the suite controls.
 */
export const describeSessionStoreContract = (name: string, make: (clock: TestClock) => Promise<{ store: SessionStore; stop?: () => Promise<void> }>): void => {
  describe(`${name} (SessionStore contract)`, () => {
    let clock: TestClock;
    let store: SessionStore;
    let stop: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      clock = new TestClock();
      ({ store, stop } = await make(clock));
    });
    afterEach(async () => stop?.());

    it('gives back exactly the session saved, absent fields staying absent', async () => {
      await store.set('id-1', aSession(), 60_000);
      expect(await store.get('id-1')).toEqual(aSession());
      await store.set('id-2', { pendingSignIn: { state: 's', codeVerifier: 'v', back: '/calls' } }, 60_000);
      expect(Object.keys((await store.get('id-2'))!)).toEqual(['pendingSignIn']);
    });

    it('keeps a session until its time is up, then forgets it', async () => {
      await store.set('id-1', aSession(), 1_000);
      clock.advance(999);
      expect(await store.get('id-1')).toEqual(aSession());
      clock.advance(1);
      expect(await store.get('id-1')).toBeUndefined();
    });

    it('renews the time with each save and replaces the whole session', async () => {
      await store.set('id-1', aSession(), 1_000);
      clock.advance(900);
      await store.set('id-1', { user: { name: 'partner', roles: ['partner'] } }, 1_000);
      clock.advance(900);
      expect(await store.get('id-1')).toEqual({ user: { name: 'partner', roles: ['partner'] } });
    });

    it('forgets a deleted session, and deleting an unknown one is no error', async () => {
      await store.set('id-1', aSession(), 60_000);
      await store.delete('id-1');
      await store.delete('never-stored');
      expect(await store.get('id-1')).toBeUndefined();
    });

    it('keeps sessions apart and knows none by a key it never stored', async () => {
      await store.set('id-a', { csrfToken: 'a' }, 60_000);
      await store.set('id-b', { csrfToken: 'b' }, 60_000);
      expect(await store.get('id-a')).toEqual({ csrfToken: 'a' });
      expect(await store.get('id-b')).toEqual({ csrfToken: 'b' });
      for (const key of ['__proto__', 'constructor', '', 'id-c']) expect(await store.get(key)).toBeUndefined();
    });

    it('hands out a copy: changing what was read changes nothing until it is saved', async () => {
      await store.set('id-1', aSession(), 60_000);
      const read = (await store.get('id-1'))!;
      read.positions = { registration: '99' };
      expect((await store.get('id-1'))!.positions).toEqual({ registration: '42' });
    });
  });
};
