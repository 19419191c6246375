import { ANY, NO_STREAM, WrongExpectedVersionError, type AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError } from '@csm/eventing';
import { isSystemEvent, mapAppendError, toRecordedEvent, toStreamState } from '../src/esdb-mapping';

const resolved = (overrides: Record<string, unknown> = {}): AllStreamResolvedEvent =>
  ({
    event: {
      streamId: 'organization-amani-youth',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      isJson: true,
      revision: 4n,
      type: 'OrganizationVerified',
      created: new Date('2026-11-24T10:00:00.000Z'),
      data: { organizationId: 'amani-youth' },
      metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: [] }, schemaVersion: 2, prevHash: '', hash: 'h', occurredAt: 'x' },
      position: { commit: 18_446_744_073_709_551_000n, prepare: 18_446_744_073_709_551_000n },
      ...overrides,
    },
    commitPosition: 18_446_744_073_709_551_000n,
  }) as unknown as AllStreamResolvedEvent;

describe('EventStoreDB mapping', () => {
  it('says the expected revision in the client’s words', () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState(7n)).toBe(7n);
  });

  it('turns the client’s conflict into the port’s WrongExpectedRevisionError', () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 'organization-x', expected: 3n, current: 5n });
    const mapped = mapAppendError(conflict, 'organization-x', 3n);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 'organization-x', expected: 3n, actual: 5n });
    const unrelated = new Error('network');
    expect(mapAppendError(unrelated, 'organization-x', 3n)).toBe(unrelated);
  });

  it('maps a resolved event to a RecordedEvent with 64-bit positions and the schema version', () => {
    expect(toRecordedEvent(resolved())).toMatchObject({
      eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      streamId: 'organization-amani-youth',
      streamRevision: 4n,
      position: 18_446_744_073_709_551_000n,
      type: 'OrganizationVerified',
      version: 2,
      recordedAt: '2026-11-24T10:00:00.000Z',
    });
  });

  it('hides the server’s own events', () => {
    expect(isSystemEvent(resolved({ type: '$metadata' }))).toBe(true);
    expect(isSystemEvent(resolved({ streamId: '$stats-127.0.0.1:2113' }))).toBe(true);
    expect(isSystemEvent(resolved())).toBe(false);
  });
});
