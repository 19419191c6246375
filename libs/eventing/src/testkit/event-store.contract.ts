import type { RecordedEvent } from '../event';
import { DuplicateEventIdError, WrongExpectedRevisionError, type EventStore } from '../event-store.port';
import { anEvent, aStreamId } from './event-builders';

/** Guarantees a server does not give; the test is reported as SKIPPED with the reason. */
export type EventStoreGap = 'duplicate-id-across-streams';

/**
 * Every event of `streams` in the global log after `after`, paging to the end. Other writers
 * may share the log (a shared server), so a test only ever looks at its own streams.
 */
const ownEventsAfter = async (store: EventStore, after: bigint, streams: string[]): Promise<RecordedEvent[]> => {
  const wanted = new Set(streams);
  const found: RecordedEvent[] = [];
  for (let from = after; ; ) {
    const page = await store.readAll({ after: from, maxCount: 500 });
    if (page.length === 0) return found;
    found.push(...page.filter((e) => wanted.has(e.streamId)));
    from = page.at(-1)!.position;
  }
};

/**
 * The one contract every EventStore adapter passes: in memory, SQLite, EventStoreDB.
 * Stream ids are unique per test and global-log assertions look only at the test's own
 * streams, so the suite also runs against a shared server.
 */
export const describeEventStoreContract = (
  adapterName: string,
  makeStore: () => Promise<{ store: EventStore; dispose: () => Promise<void> }>,
  knownGaps: Partial<Record<EventStoreGap, string>> = {},
): void => {
  const unlessGap = (gap: EventStoreGap, name: string, test: () => Promise<void>) => {
    const reason = knownGaps[gap];
    if (reason) it.skip(`SKIPPED: ${name} (${reason})`, test);
    else it(name, test);
  };

  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await makeStore());
    });
    afterEach(async () => {
      await dispose();
    });

    describe('appending', () => {
      it('creates a stream with no_stream, revisions from 0, and answers with the last event', async () => {
        const stream = aStreamId();
        const result = await store.append(stream, [anEvent(), anEvent()], 'no_stream');
        const events = await store.readStream(stream);
        expect(events.map((e) => e.streamRevision)).toEqual([0n, 1n]);
        expect(result).toEqual({ nextExpectedRevision: 1n, position: events[1]!.position, alreadyStored: false });
      });

      it('refuses a wrong expected revision with WrongExpectedRevisionError and appends nothing', async () => {
        const stream = aStreamId();
        const missing = aStreamId();
        await store.append(stream, [anEvent()], 'no_stream');
        await expect(store.append(stream, [anEvent()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.append(stream, [anEvent()], 5n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.append(missing, [anEvent()], 0n)).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', streamId: missing });
        expect(await store.readStream(stream)).toHaveLength(1);
        expect(await store.readStream(missing)).toEqual([]);
      });

      it('appends when the expected revision is exactly the last revision of the stream', async () => {
        const stream = aStreamId();
        await store.append(stream, [anEvent()], 'no_stream');
        expect((await store.append(stream, [anEvent(), anEvent()], 0n)).nextExpectedRevision).toBe(2n);
        expect((await store.append(stream, [anEvent()], 2n)).nextExpectedRevision).toBe(3n);
      });

      it('appends with any whether the stream exists or not', async () => {
        const stream = aStreamId();
        expect((await store.append(stream, [anEvent()], 'any')).nextExpectedRevision).toBe(0n);
        expect((await store.append(stream, [anEvent()], 'any')).nextExpectedRevision).toBe(1n);
      });

      it('treats re-appending the same event ids as a retry: the original result, nothing appended', async () => {
        const stream = aStreamId();
        const events = [anEvent(), anEvent()];
        const first = await store.append(stream, events, 'no_stream');
        const retry = await store.append(stream, events, 'no_stream');
        expect(first.alreadyStored).toBe(false);
        expect(retry).toEqual({ ...first, alreadyStored: true });
        expect(await store.readStream(stream)).toHaveLength(2);
        expect(await ownEventsAfter(store, first.position, [stream])).toEqual([]);
      });

      it('says alreadyStored, and keeps what was stored, when the re-appended ids carry other content', async () => {
        const stream = aStreamId();
        await store.append(stream, [anEvent()], 'no_stream');
        const original = anEvent({ data: { asked: 'first' }, metadata: { requestHash: 'first' } });
        const first = await store.append(stream, [original], 0n);
        const reused = { ...anEvent({ data: { asked: 'second' }, metadata: { requestHash: 'second' } }), eventId: original.eventId };
        const second = await store.append(stream, [reused], 0n);
        expect(second).toEqual({ ...first, alreadyStored: true });
        const events = await store.readStream(stream);
        expect(events.map((e) => e.data)).toEqual([{ value: 1 }, { asked: 'first' }]);
        expect(events[1]!.metadata.requestHash).toBe('first');
      });

      unlessGap('duplicate-id-across-streams', 'refuses an event id already stored in another stream with DuplicateEventIdError', async () => {
        const event = anEvent();
        const other = aStreamId();
        await store.append(aStreamId(), [event], 'no_stream');
        await expect(store.append(other, [event], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(other)).toEqual([]);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of two concurrent appends at the same expected revision win', async () => {
        const stream = aStreamId();
        await store.append(stream, [anEvent()], 'no_stream');
        const outcomes = await Promise.allSettled([store.append(stream, [anEvent()], 0n), store.append(stream, [anEvent()], 0n)]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
        const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('tells exactly one of several concurrent appends of the same event ids that it wrote them', async () => {
        for (let round = 0; round < 10; round++) {
          const stream = aStreamId();
          await store.append(stream, [anEvent()], 'no_stream');
          const eventId = anEvent().eventId;
          const contenders = ['a', 'b', 'c'].map((asked) => ({ ...anEvent({ data: { asked }, metadata: { requestHash: asked } }), eventId }));
          const results = await Promise.all(contenders.map((event) => store.append(stream, [event], 0n)));
          expect(results.filter((r) => !r.alreadyStored)).toHaveLength(1);
          expect(new Set(results.map((r) => `${r.nextExpectedRevision}@${r.position}`)).size).toBe(1);
          const events = await store.readStream(stream);
          expect(events).toHaveLength(2);
          const winner = contenders[results.findIndex((r) => !r.alreadyStored)]!;
          expect(events[1]!.data).toEqual(winner.data);
        }
      });

      it('lands every concurrent append with any to one stream, with contiguous revisions', async () => {
        const stream = aStreamId();
        const results = await Promise.all(Array.from({ length: 20 }, () => store.append(stream, [anEvent()], 'any')));
        const revisions = (await store.readStream(stream)).map((e) => e.streamRevision);
        expect(revisions).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
        expect(new Set(results.map((r) => r.nextExpectedRevision)).size).toBe(20);
      });

      it('accepts many concurrent appends to different streams, each readable alone and in the global log', async () => {
        const streams = Array.from({ length: 100 }, () => aStreamId());
        const before = await store.headPosition();
        const results = await Promise.all(streams.map((s) => store.append(s, [anEvent({ data: { stream: s } })], 'no_stream')));
        expect(new Set(results.map((r) => r.position)).size).toBe(streams.length);
        for (const stream of streams) expect((await store.readStream(stream)).map((e) => e.data)).toEqual([{ stream }]);
        const logged = await ownEventsAfter(store, before, streams);
        expect(logged.map((e) => e.streamId).sort()).toEqual([...streams].sort());
      });
    });

    describe('reading', () => {
      it('returns no events for a stream that does not exist', async () => {
        expect(await store.readStream(aStreamId())).toEqual([]);
      });

      it('reads a stream from a revision, inclusive', async () => {
        const stream = aStreamId();
        await store.append(stream, [anEvent({ data: { n: 0 } }), anEvent({ data: { n: 1 } }), anEvent({ data: { n: 2 } })], 'no_stream');
        expect((await store.readStream(stream, 1n)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
        expect(await store.readStream(stream, 3n)).toEqual([]);
      });

      it('reads the global log strictly after a position, and at most maxCount events', async () => {
        const stream = aStreamId();
        const before = await store.headPosition();
        await store.append(stream, [anEvent(), anEvent(), anEvent()], 'no_stream');
        const [, second] = await store.readStream(stream);
        const page = await store.readAll({ after: before, maxCount: 2 });
        expect(page).toHaveLength(2);
        const after = await store.readAll({ after: second!.position, maxCount: 1000 });
        expect(after.every((e) => e.position > second!.position)).toBe(true);
        expect(after.filter((e) => e.streamId === stream).map((e) => e.streamRevision)).toEqual([2n]);
      });

      it('orders the global log by strictly increasing positions, in append order across streams', async () => {
        const before = await store.headPosition();
        const a = aStreamId();
        const b = aStreamId();
        await store.append(a, [anEvent()], 'no_stream');
        await store.append(b, [anEvent()], 'no_stream');
        await store.append(a, [anEvent()], 0n);
        const logged = await ownEventsAfter(store, before, [a, b]);
        expect(logged.map((e) => [e.streamId, e.streamRevision])).toEqual([[a, 0n], [b, 0n], [a, 1n]]);
        for (let i = 1; i < logged.length; i++) expect(logged[i]!.position > logged[i - 1]!.position).toBe(true);
      });

      it('reports a head position at or past the newest appended event, with none of it after the head', async () => {
        const stream = aStreamId();
        const { position } = await store.append(stream, [anEvent(), anEvent()], 'no_stream');
        const head = await store.headPosition();
        expect(head >= position).toBe(true);
        expect(await ownEventsAfter(store, head, [stream])).toEqual([]);
      });

      it('round-trips type, version, data and metadata exactly, unicode included', async () => {
        const stream = aStreamId();
        const event = anEvent({
          type: 'OrganizationRegistered',
          version: 2,
          data: {
            name: 'Amani — Vijana wa Pwani ✓ 🇰🇪',
            motto: 'Pamoja tunaweza: "tuko pamoja"\nline two \\ backslash',
            numbers: [0, -42, 0.1, 9007199254740991],
            nested: { list: [1, 'two', null, true], empty: {} },
          },
          metadata: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', requestHash: 'ñ-ü-ß' },
        });
        await store.append(stream, [event], 'no_stream');
        const [read] = await store.readStream(stream);
        expect(read).toMatchObject({ eventId: event.eventId, streamId: stream, type: 'OrganizationRegistered', version: 2 });
        expect(read!.data).toStrictEqual(event.data);
        expect(read!.metadata).toStrictEqual(event.metadata);
        expect(Number.isNaN(Date.parse(read!.recordedAt))).toBe(false);
        const [logged] = await ownEventsAfter(store, read!.position - 1n, [stream]);
        expect(logged!.data).toStrictEqual(event.data);
      });
    });

    describe('notifications', () => {
      it('notifies onAppended listeners once the appended events are readable', async () => {
        const stream = aStreamId();
        const seen = new Promise<number>((resolve) => {
          const stop = store.onAppended(() => {
            stop();
            void store.readStream(stream).then((events) => resolve(events.length));
          });
        });
        await store.append(stream, [anEvent()], 'no_stream');
        expect(await seen).toBe(1);
      });

      it('keeps an append successful when an onAppended listener throws', async () => {
        const stream = aStreamId();
        const stop = store.onAppended(() => {
          throw new Error('listener failure');
        });
        await expect(store.append(stream, [anEvent()], 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0n });
        stop();
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('stops notifying a listener once it unsubscribed', async () => {
        let calls = 0;
        const stop = store.onAppended(() => calls++);
        await store.append(aStreamId(), [anEvent()], 'no_stream');
        const afterFirst = calls;
        stop();
        await store.append(aStreamId(), [anEvent()], 'no_stream');
        expect(afterFirst).toBeGreaterThan(0);
        expect(calls).toBe(afterFirst);
      });
    });
  });
};
