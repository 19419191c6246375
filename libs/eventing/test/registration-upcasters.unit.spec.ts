import { eventCatalog } from '@csm/contracts';
import { EventContracts, SubjectIds, type RecordedEvent } from '../src';

/** A stored v1 of each registration event that carried a username reads as its v2, username gone. */
const ids = new SubjectIds(Buffer.alloc(32, 3));
const contracts = new EventContracts(eventCatalog(ids));

const stored = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  streamId: 'organization-amani-youth',
  streamRevision: 1n,
  position: 7n,
  type,
  version: 1,
  data: { organizationId: 'amani-youth', ...data },
  metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: [] }, schemaVersion: 1, prevHash: '', hash: 'h', occurredAt: '2026-01-10T09:00:00.000Z' },
  recordedAt: '2026-01-10T09:00:00.100Z',
});

describe('registration upcasters', () => {
  it('reads a stored MemberInvited v1 as v2: the username becomes its member id', () => {
    const read = contracts.read(stored('MemberInvited', { username: 'partner-member', role: 'member' }));
    expect(read).toMatchObject({ version: 2, data: { organizationId: 'amani-youth', memberId: ids.forUsername('partner-member'), role: 'member' } });
    expect(JSON.stringify(read.data)).not.toContain('partner-member');
    expect(read.storedAs).toEqual({ version: 1, data: { organizationId: 'amani-youth', username: 'partner-member', role: 'member' } });
  });

  it('reads MemberRemoved v1 and OrganizationRegistered v1 the same way', () => {
    expect(contracts.read(stored('MemberRemoved', { username: 'partner-member' })).data).toEqual({ organizationId: 'amani-youth', memberId: ids.forUsername('partner-member') });
    expect(contracts.currentVersion('OrganizationRegistered')).toBe(2);
  });

  it('writes only v2: a new MemberInvited v1 is refused', () => {
    expect(() => contracts.checkNew({ type: 'MemberInvited', version: 1, data: { organizationId: 'amani-youth', username: 'x-user', role: 'member' } })).toThrow(/written at v2/);
    expect(() => contracts.checkNew({ type: 'MemberInvited', version: 2, data: { organizationId: 'amani-youth', memberId: 'partner-member', role: 'member' } })).toThrow(/member id/);
  });
});
