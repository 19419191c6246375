import { EventContractError, EventContracts, SubjectIds, type RecordedEvent } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { fromMessage, headerText, toMessage, UndecodableMessageError } from '../src/envelope-codec';
import { topicFor } from '../src/topic-routing';

const anEvent = (): RecordedEvent => ({
  eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  streamId: 'organization-amani-youth',
  streamRevision: 3n,
  position: 9_007_199_254_740_993n, // beyond Number's exact range: must travel as a string
  type: 'OrganizationVerified',
  version: 1,
  data: { organizationId: 'amani-youth' },
  metadata: {
    correlationId: 'c',
    causationId: 'c',
    actor: { subject: 's', roles: ['nctc-admin'] },
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    schemaVersion: 1,
    prevHash: 'p',
    hash: 'h',
    occurredAt: '2026-11-24T10:00:00.000Z',
  },
  recordedAt: '2026-11-24T10:00:00.100Z',
});

describe('Kafka envelope', () => {
  it('keys by stream id, carries CloudEvents headers, and round-trips 64-bit positions', () => {
    const message = toMessage(anEvent());
    expect(message.key).toBe('organization-amani-youth');
    expect(message.headers).toMatchObject({
      ce_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      ce_type: 'OrganizationVerified',
      ce_source: 'csm/organization',
      ce_time: '2026-11-24T10:00:00.100Z',
      csm_version: '1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(JSON.parse(String(message.value)).position).toBe('9007199254740993');
    expect(fromMessage(Buffer.from(String(message.value)))).toEqual(anEvent());
  });

  it('carries the publisher\'s traceparent in the header when it traces the send, and keeps the event\'s own in the envelope', () => {
    const publish = '00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01';
    const message = toMessage(anEvent(), publish);
    expect(message.headers).toMatchObject({ traceparent: publish });
    expect(JSON.parse(String(message.value)).metadata.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it('refuses what is not an envelope', () => {
    expect(() => fromMessage(Buffer.from('not json'))).toThrow(UndecodableMessageError);
    expect(() => fromMessage(Buffer.from('{"hello":"world"}'))).toThrow(UndecodableMessageError);
    expect(() => fromMessage(null)).toThrow(UndecodableMessageError);
  });

  it('parses the event against its contract when given the contracts', () => {
    const contracts = new EventContracts(eventCatalog(new SubjectIds(Buffer.alloc(32, 1))));
    const wire = (event: RecordedEvent) => Buffer.from(String(toMessage(event).value));
    expect(fromMessage(wire(anEvent()), { contracts })).toEqual(anEvent());
    const poison = { ...anEvent(), data: { organizationId: 'Not An Id' } };
    expect(() => fromMessage(wire(poison), { contracts })).toThrow(EventContractError);
    // A type the reader does not handle is passed over unparsed, not poison.
    const unknown = { ...anEvent(), type: 'SomethingNewer' };
    expect(fromMessage(wire(unknown), { contracts, accepts: (type) => type === 'OrganizationVerified' })).toEqual(unknown);
    expect(() => fromMessage(wire(unknown), { contracts })).toThrow(EventContractError);
  });

  it('upcasts on decoding: a v1 MemberInvited on the wire reads as v2, username gone', () => {
    const ids = new SubjectIds(Buffer.alloc(32, 1));
    const contracts = new EventContracts(eventCatalog(ids));
    const v1 = { ...anEvent(), type: 'MemberInvited', data: { organizationId: 'amani-youth', username: 'partner-member', role: 'member' } };
    const read = fromMessage(Buffer.from(String(toMessage(v1).value)), { contracts });
    expect(read).toMatchObject({ type: 'MemberInvited', version: 2, data: { organizationId: 'amani-youth', memberId: ids.forUsername('partner-member'), role: 'member' } });
    expect(read.storedAs).toEqual({ version: 1, data: v1.data });
  });

  it('reads header values whatever their wire form', () => {
    expect(headerText({ a: Buffer.from('x') }, 'a')).toBe('x');
    expect(headerText({ a: 'y' }, 'a')).toBe('y');
    expect(headerText({}, 'a')).toBeUndefined();
  });

  it('routes a stream to its context topic, or nowhere', () => {
    expect(topicFor('organization-x')).toBe('csm.registration.events');
    expect(topicFor('countyPlan-047', 't1.')).toBe('t1.csm.county-plans.events');
    expect(topicFor('unknown-1')).toBeUndefined();
  });
});
