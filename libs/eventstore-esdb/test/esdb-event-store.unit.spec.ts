import {
  BACKWARDS,
  END,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type EventData,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError } from '@csm/eventing';
import { anEvent, aStreamId } from '@csm/eventing/testkit';
import { EsdbEventStore, type EsdbClient } from '../src/esdb-event-store';

/**
 * A stand-in for the client over an in-memory log, with the server behaviours the adapter relies
 * on as the server documents them: reads start AT the given position, system records interleave,
 * a retry of the same ids at the same expected revision succeeds without writing, and (as with
 * the server's idempotent answer) it reports NO position. It tests the adapter's logic, not the server.
 */
class FakeClient {
  readonly log: AllStreamResolvedEvent[] = [];
  private next = 1000n;

  system(count: number): void {
    for (let i = 0; i < count; i++) this.write('$stats-127.0.0.1:2113', { id: crypto.randomUUID(), type: '$statsCollected', data: {}, metadata: undefined });
  }

  private write(streamId: string, e: { id: string; type: string; data: unknown; metadata: unknown }): void {
    const revision = BigInt(this.stream(streamId).length);
    const position: Position = { commit: this.next, prepare: this.next };
    this.next += 137n;
    this.log.push({ event: { streamId, id: e.id, isJson: true, revision, type: e.type, created: new Date(), data: e.data, metadata: e.metadata, position }, commitPosition: position.commit } as AllStreamResolvedEvent);
  }

  private stream(streamId: string) {
    return this.log.filter((r) => r.event!.streamId === streamId);
  }

  async appendToStream(streamId: string, events: EventData | EventData[], options?: { streamState?: AppendStreamState }) {
    const batch = Array.isArray(events) ? events : [events];
    const existing = this.stream(streamId);
    const current = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
    const state = options?.streamState ?? 'any';
    const start = state === 'no_stream' ? 0 : typeof state === 'bigint' ? Number(state) + 1 : -1;
    if (start >= 0 && batch.every((e, i) => existing[start + i]?.event!.id === e.id)) {
      return { success: true, nextExpectedRevision: BigInt(start + batch.length - 1), position: undefined };
    }
    if (state !== 'any' && state !== current) throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected: state, current });
    for (const e of batch) this.write(streamId, e as { id: string; type: string; data: unknown; metadata: unknown });
    const last = this.log.at(-1)!.event!;
    return { success: true, nextExpectedRevision: last.revision, position: { commit: 1n, prepare: 1n } }; // deliberately not the event's
  }

  readStream(streamId: string, options: ReadStreamOptions = {}) {
    const events = this.stream(streamId);
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? START;
    const selected = (backwards ? [...events].reverse() : events)
      .filter((r) => from === START || from === END || (backwards ? r.event!.revision <= from : r.event!.revision >= from))
      .slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    return (async function* () {
      if (events.length === 0) throw new StreamNotFoundError(undefined, streamId);
      yield* selected;
    })();
  }

  readAll(options: ReadAllOptions = {}) {
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? START;
    const ordered = backwards ? [...this.log].reverse() : this.log;
    const selected = ordered
      .filter((r) => from === START || from === END || (backwards ? r.commitPosition! < from.commit : r.commitPosition! >= from.commit))
      .slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    return (async function* () {
      yield* selected;
    })();
  }

  async dispose() {}
}

const setup = () => {
  const client = new FakeClient();
  return { client, store: new EsdbEventStore(client as unknown as EsdbClient) };
};

describe('EsdbEventStore over a stand-in client', () => {
  it('answers an append with the last event’s own revision and position, and a retry with the same', async () => {
    const { store } = setup();
    const stream = aStreamId();
    const events = [anEvent(), anEvent()];
    const first = await store.append(stream, events, 'no_stream');
    const [, second] = await store.readStream(stream);
    expect(first).toEqual({ nextExpectedRevision: 1n, position: second!.position, alreadyStored: false });
    await store.append(stream, [anEvent()], 1n);
    expect(await store.append(stream, events, 'no_stream')).toEqual({ ...first, alreadyStored: true });
  });

  it('tells the append that found its ids already stored, even with other content, from the one that wrote them', async () => {
    const { store } = setup();
    const stream = aStreamId();
    await store.append(stream, [anEvent()], 'no_stream');
    const original = anEvent({ data: { asked: 'first' } });
    const reused = { ...anEvent({ data: { asked: 'second' } }), eventId: original.eventId };
    const [first, second] = await Promise.all([store.append(stream, [original], 0n), store.append(stream, [reused], 0n)]);
    expect([first.alreadyStored, second.alreadyStored]).toEqual([false, true]);
    expect(second.position).toBe(first.position);
    const events = await store.readStream(stream);
    expect(events[1]!.data).toEqual({ asked: 'first' });
    expect(events[1]!.metadata).toStrictEqual(original.metadata);
  });

  it('maps a conflict to WrongExpectedRevisionError with the actual revision', async () => {
    const { store } = setup();
    const stream = aStreamId();
    await store.append(stream, [anEvent(), anEvent()], 'no_stream');
    await expect(store.append(stream, [anEvent()], 0n)).rejects.toMatchObject({ constructor: WrongExpectedRevisionError, expected: 0n, actual: 1n });
  });

  it('reads a missing stream as empty, and a stream from a revision', async () => {
    const { store } = setup();
    const stream = aStreamId();
    expect(await store.readStream(stream)).toEqual([]);
    await store.append(stream, [anEvent({ data: { n: 0 } }), anEvent({ data: { n: 1 } })], 'no_stream');
    expect((await store.readStream(stream, 1n)).map((e) => e.data)).toEqual([{ n: 1 }]);
  });

  it('reads $all after a position, exclusive, past pages of system records, at most maxCount', async () => {
    const { client, store } = setup();
    expect(await store.headPosition()).toBe(-1n);
    const stream = aStreamId();
    await store.append(stream, [anEvent()], 'no_stream');
    const before = await store.headPosition();
    client.system(1500);
    await store.append(stream, [anEvent(), anEvent(), anEvent()], 0n);
    client.system(1200);
    const firstTwo = await store.readAll({ after: before, maxCount: 2 });
    expect(firstTwo.map((e) => e.streamRevision)).toEqual([1n, 2n]);
    expect((await store.readAll({ after: firstTwo[1]!.position })).map((e) => e.streamRevision)).toEqual([3n]);
    expect(await store.headPosition()).toBe((await store.readStream(stream)).at(-1)!.position);
  });

  it('tells listeners after an append, and a throwing listener does not fail it', async () => {
    const { store } = setup();
    const heard: string[] = [];
    store.onAppended(() => {
      throw new Error('listener bug');
    });
    const stop = store.onAppended(() => heard.push('appended'));
    await store.append(aStreamId(), [anEvent()], 'no_stream');
    stop();
    await store.append(aStreamId(), [anEvent()], 'no_stream');
    expect(heard).toEqual(['appended']);
  });

  it('checks the expected revision of an empty append without writing', async () => {
    const { store } = setup();
    const stream = aStreamId();
    expect(await store.append(stream, [], 'no_stream')).toEqual({ nextExpectedRevision: -1n, position: -1n, alreadyStored: false });
    await expect(store.append(stream, [], 0n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });
});
