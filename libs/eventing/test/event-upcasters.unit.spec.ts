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

describe('proposals upcasters', () => {
  const proposalEvent = (type: string, data: Record<string, unknown>): RecordedEvent => ({ ...stored(type, {}), streamId: 'proposal-c.amani-youth', data: { proposalId: 'c.amani-youth', ...data } });

  it('reads a stored ScoreSheetLocked, LegalEthicalCheckRecorded and AppealDecided v1 with member ids', () => {
    const scores = [{ criterionId: 'relevance', score: 6, comment: 'Fits the plan' }];
    expect(contracts.read(proposalEvent('ScoreSheetLocked', { reviewer: 'reviewer3', scores, weightedScore: 60 })).data).toMatchObject({ reviewer: ids.forUsername('reviewer3') });
    const items = [{ item: 'do-no-harm', score: 3, passed: true, note: 'No concerns' }];
    expect(contracts.read(proposalEvent('LegalEthicalCheckRecorded', { items, blocking: false, checkedBy: 'admin' })).data).toMatchObject({ checkedBy: ids.forUsername('admin') });
    expect(contracts.read(proposalEvent('AppealDecided', { outcome: 'dismissed', reason: 'Still collected', reviewedBy: 'reviewer' })).data).toMatchObject({ reviewedBy: ids.forUsername('reviewer') });
  });

  it('reads a stored CallDrafted v1 with its panel by member id', () => {
    const details = {
      title: 'Youth resilience',
      background: 'Young people face recruitment online and offline.',
      expectedResults: 'Mentorship pathways.',
      targetCounties: ['001'],
      pillars: ['education'],
      eligibleTypes: ['community-based'],
      budget: { currency: 'KES', min: 1, max: 10 },
      timeline: { clarificationDeadline: '2027-01-01T00:00:00.000Z', submissionDeadline: '2027-01-10T00:00:00.000Z', resultsDate: '2027-01-20' },
      criteria: [{ id: 'relevance', name: 'Relevance', weight: 100 }],
      reviewers: ['reviewer', 'reviewer2'],
    };
    const read = contracts.read({ ...stored('CallDrafted', {}), streamId: 'call-c', data: { callId: 'youth-call', details } });
    expect(read.version).toBe(2);
    expect((read.data.details as { reviewers: string[] }).reviewers).toEqual([ids.forUsername('reviewer'), ids.forUsername('reviewer2')]);
  });
});
