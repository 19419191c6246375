import { InMemorySessionStore } from '../src/sign-in/session-store';

describe('the in-memory session store', () => {
  it('gives back a session until its time is up, then forgets it', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z') });
    try {
      const store = new InMemorySessionStore();
      await store.set('id-1', { user: { name: 'partner', roles: ['partner'] } }, 1_000);

      expect(await store.get('id-1')).toEqual({ user: { name: 'partner', roles: ['partner'] } });
      jest.setSystemTime(new Date('2026-11-25T12:00:01Z'));
      expect(await store.get('id-1')).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('forgets a deleted session and knows no session by a key it never stored', async () => {
    const store = new InMemorySessionStore();
    await store.set('id-2', {}, 60_000);
    await store.delete('id-2');

    expect(await store.get('id-2')).toBeUndefined();
    expect(await store.get('__proto__')).toBeUndefined();
  });
});
