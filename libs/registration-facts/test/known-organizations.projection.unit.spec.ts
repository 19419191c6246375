import { EmbeddedReadModels } from '@csm/readmodels';
import { projectEvent, type RecordedEvent } from '@csm/eventing';
import { anOrganizationProfile } from '@csm/testkit';
import { knownOrganizationsProjection } from '../src';

const profile = anOrganizationProfile();
let revision = 0n;
const recorded = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  eventId: `e${revision}`,
  type,
  version: 2,
  data: { organizationId: 'amani-youth', ...data },
  metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: [] }, schemaVersion: 2, prevHash: '', hash: 'h', occurredAt: '2026-01-01T00:00:00.000Z' },
  streamId: 'organization-amani-youth',
  streamRevision: revision,
  position: revision++,
  recordedAt: '2026-01-01T00:00:00.000Z',
});

const history = () => {
  revision = 0n;
  return [
    recorded('OrganizationRegistered', { profile, registeredBy: 'member-registrant' }),
    recorded('MemberInvited', { memberId: 'member-invited', role: 'member' }),
    recorded('OrganizationVerified', {}),
    recorded('OrganizationProfileAmended', { profile: { ...profile, name: 'Amani Youth Trust' } }),
    recorded('MemberRemoved', { memberId: 'member-registrant' }),
    recorded('OrganizationSuspended', { reason: 'audit' }),
  ];
};

const project = async (members: boolean) => {
  const projection = knownOrganizationsProjection({ name: 'test.organizations', collection: 'organizations', members });
  const readModels = new EmbeddedReadModels();
  for (const event of history()) await projectEvent(projection, event, readModels);
  const { _applied, ...organization } = (await readModels.collection('organizations').findOne({ _id: 'amani-youth' }))!;
  return { projection, organization };
};

describe('the organisations a context knows from registration', () => {
  it('keeps name, type and whether verified now, and neither reads nor keeps members when not asked to', async () => {
    const { projection, organization } = await project(false);
    expect(projection.eventTypes).not.toContain('MemberInvited');
    expect(organization).toEqual({ _id: 'amani-youth', name: 'Amani Youth Trust', type: profile.type, verified: false });
  });

  it('keeps the members too when asked: the registrant, then those invited, less those removed', async () => {
    const { projection, organization } = await project(true);
    expect(projection.eventTypes).toEqual(expect.arrayContaining(['MemberInvited', 'MemberRemoved']));
    expect(organization).toEqual({ _id: 'amani-youth', name: 'Amani Youth Trust', type: profile.type, verified: false, members: ['member-invited'] });
  });
});
