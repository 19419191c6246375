import {
  ANY,
  NO_STREAM,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError, type NewEvent } from '@csm/eventing';
import { isStreamNotFound, toWrongExpectedRevision } from '../src/error-mapping';
import { APPEND_ID_KEY, appendIdOf, EVENT_VERSION_KEY, isSystemRecord, toEventData, toRecordedEvent } from '../src/event-mapping';
import { comparePositions, readPositionAfter, readRevisionFrom, toActualRevision, toStreamState } from '../src/position-mapping';

// Beyond 2^53: a position that a JS number would silently round.
const FAR = 9_007_199_254_740_993n;

const metadata = {
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: { subject: 'user-1', organizationId: 'org-1', roles: ['partner'] },
  schemaVersion: 1,
  prevHash: '',
  hash: 'h',
  occurredAt: '2026-11-24T10:00:00.000Z',
};

/** A record as the client yields it from a read, built by hand; override what the test is about. */
const aRecord = (event: Record<string, unknown> = {}, rest: Record<string, unknown> = {}): AllStreamResolvedEvent =>
  ({
    event: {
      streamId: 'organization-amani-youth',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      isJson: true,
      revision: 4n,
      type: 'OrganizationVerified',
      created: new Date('2026-11-24T10:00:01.000Z'),
      data: { organizationId: 'amani-youth' },
      metadata: { ...metadata, [EVENT_VERSION_KEY]: 2 },
      position: { commit: FAR, prepare: FAR },
      ...event,
    },
    commitPosition: FAR,
    ...rest,
  }) as unknown as AllStreamResolvedEvent;

const conflict = (expected: bigint | 'no_stream' | 'any', current: bigint | 'no_stream') =>
  new WrongExpectedVersionError(undefined, { streamName: 'organization-x', expected, current });

describe('EventStoreDB adapter: errors', () => {
  it('turns a conflict into WrongExpectedRevisionError with the actual revision the server reported', () => {
    const mapped = toWrongExpectedRevision(conflict(3n, 5n), 'organization-x', 3n);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 'organization-x', expected: 3n, actual: 5n });
  });

  it('reports a stream that does not exist as no_stream, whether the client says so by name or by a negative revision', () => {
    expect(toWrongExpectedRevision(conflict(0n, 'no_stream'), 'organization-x', 0n)).toMatchObject({ actual: 'no_stream' });
    expect(toWrongExpectedRevision(conflict(0n, -1n), 'organization-x', 0n)).toMatchObject({ actual: 'no_stream' });
  });

  it('keeps the expected revision the caller gave, not the client’s spelling of it', () => {
    expect(toWrongExpectedRevision(conflict('no_stream', 0n), 'organization-x', 'no_stream')).toMatchObject({ expected: 'no_stream', actual: 0n });
  });

  it('recognises a conflict by its type tag when it comes from another copy of the client', () => {
    const foreign = { type: 'wrong-expected-version', actualState: 7n };
    expect(toWrongExpectedRevision(foreign, 'organization-x', 2n)).toMatchObject({ actual: 7n });
  });

  it('leaves a conflict without an actual revision to the adapter, and any other error alone', () => {
    expect(toWrongExpectedRevision({ type: 'wrong-expected-version' }, 'organization-x', 2n)).toBeUndefined();
    expect(toWrongExpectedRevision(new UnavailableError(), 'organization-x', 2n)).toBeUndefined();
    expect(toWrongExpectedRevision(new Error('network'), 'organization-x', 2n)).toBeUndefined();
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'organization-x'))).toBe(true);
    expect(isStreamNotFound({ type: 'stream-not-found' })).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
  });
});

describe('EventStoreDB adapter: revisions and positions', () => {
  it('says the expected revision in the client’s words', () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState(FAR)).toBe(FAR);
  });

  it('starts a read of $all at the exclusive position itself, or at the start', () => {
    expect(readPositionAfter(undefined)).toBe(START);
    expect(readPositionAfter(-1n)).toBe(START);
    expect(readPositionAfter(FAR)).toEqual({ commit: FAR, prepare: FAR });
  });

  it('never asks for a negative stream revision', () => {
    expect(readRevisionFrom(-3n)).toBe(0n);
    expect(readRevisionFrom(FAR)).toBe(FAR);
  });

  it('orders positions by commit, then prepare, without losing 64-bit precision', () => {
    expect(comparePositions({ commit: FAR, prepare: FAR }, { commit: FAR - 1n, prepare: FAR + 10n })).toBe(1);
    expect(comparePositions({ commit: FAR, prepare: FAR }, { commit: FAR, prepare: FAR + 1n })).toBe(-1);
    expect(comparePositions({ commit: FAR, prepare: FAR }, { commit: FAR, prepare: FAR })).toBe(0);
  });

  it('reads the client’s current-revision values as the port’s', () => {
    expect(toActualRevision(NO_STREAM)).toBe('no_stream');
    expect(toActualRevision(-1n)).toBe('no_stream');
    expect(toActualRevision(FAR)).toBe(FAR);
    expect(toActualRevision(undefined)).toBeUndefined();
  });
});

describe('EventStoreDB adapter: events', () => {
  it('maps a record to a RecordedEvent: commit position, revision, version, created time', () => {
    expect(toRecordedEvent(aRecord())).toEqual({
      eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      streamId: 'organization-amani-youth',
      streamRevision: 4n,
      position: FAR,
      type: 'OrganizationVerified',
      version: 2,
      data: { organizationId: 'amani-youth' },
      metadata,
      recordedAt: '2026-11-24T10:00:01.000Z',
    });
  });

  it('takes the commit position of the record when the event carries none (a stream read from an old server)', () => {
    const record = aRecord({ position: undefined }, { commitPosition: 42n }) as unknown as ResolvedEvent;
    expect(toRecordedEvent(record).position).toBe(42n);
  });

  it('reads the version from schemaVersion for an event stored without the version key', () => {
    expect(toRecordedEvent(aRecord({ metadata: { ...metadata, schemaVersion: 3 } })).version).toBe(3);
  });

  it('writes id, type, data and metadata as a JSON event, the version and the append stamp travelling in the metadata', () => {
    const event: NewEvent = { eventId: '9b2e3a0c-5d1f-4c3b-8e2a-1f0d9c8b7a65', type: 'OrganizationRegistered', version: 2, data: { name: 'Amani ✓' }, metadata };
    expect(toEventData(event, 'append-1')).toEqual({
      id: event.eventId,
      contentType: 'application/json',
      type: 'OrganizationRegistered',
      data: { name: 'Amani ✓' },
      metadata: { ...metadata, [EVENT_VERSION_KEY]: 2, [APPEND_ID_KEY]: 'append-1' },
    });
  });

  it('round-trips metadata exactly, even when version and schemaVersion differ', () => {
    const event: NewEvent = { eventId: '9b2e3a0c-5d1f-4c3b-8e2a-1f0d9c8b7a65', type: 'OrganizationRegistered', version: 2, data: {}, metadata };
    const stored = toEventData(event, 'append-1');
    const record = aRecord({ id: stored.id, type: stored.type, data: stored.data, metadata: stored.metadata });
    expect(toRecordedEvent(record).metadata).toStrictEqual(metadata);
    expect(toRecordedEvent(record).version).toBe(2);
    expect(appendIdOf(record)).toBe('append-1');
    expect(appendIdOf(aRecord({ metadata }))).toBeUndefined();
  });

  it('refuses what is not a CSM event rather than guessing', () => {
    expect(() => toRecordedEvent(aRecord({ isJson: false, data: new Uint8Array([1]) }))).toThrow(/not a JSON object event/);
    expect(() => toRecordedEvent(aRecord({ metadata: undefined }))).toThrow(/no JSON metadata/);
    expect(() => toRecordedEvent({} as AllStreamResolvedEvent)).toThrow(/without an event/);
    expect(() => toRecordedEvent(aRecord({ position: undefined }, { commitPosition: undefined }))).toThrow(/no position/);
  });

  it('hides the server’s own records', () => {
    expect(isSystemRecord(aRecord({ type: '$metadata' }))).toBe(true);
    expect(isSystemRecord(aRecord({ streamId: '$stats-127.0.0.1:2113', type: 'StatsCollected' }))).toBe(true);
    expect(isSystemRecord({} as AllStreamResolvedEvent)).toBe(true);
    expect(isSystemRecord(aRecord())).toBe(false);
  });
});
