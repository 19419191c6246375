import { deciderSpec } from '@csm/eventing/testkit';
import type { OrganizationEvent } from '@csm/contracts';
import { organizationDecider } from '../src/domain/organization.decider';
import type { OrganizationCommand } from '../src/domain/organization';
import { aMetadata, aProfileRecord as aProfile } from './organization-builders';

const { given } = deciderSpec(organizationDecider);
const organizationId = 'amani-youth';
const metadata = aMetadata();
const cmd = <T extends OrganizationCommand['type']>(type: T, data: object = {}) =>
  ({ type, data: { organizationId, ...data }, metadata }) as OrganizationCommand;

/** People by member id, their usernames sealed (events never carry a username in clear). */
const person = (hex: string) => ({ memberId: `user-${hex.repeat(32)}`, sealedName: `pd:v1:user-${hex.repeat(32)}.1:iv:tag:name` });
const partner = person('a');
const partnerMember = person('b');
const someoneElse = person('c');
const registered: OrganizationEvent = {
  type: 'OrganizationRegistered',
  version: 2,
  data: { organizationId, profile: aProfile(), registeredBy: partner.memberId, registeredByName: partner.sealedName },
};
const submitted: OrganizationEvent = { type: 'OrganizationSubmittedForVerification', version: 1, data: { organizationId } };
const infoRequested: OrganizationEvent = { type: 'OrganizationInformationRequested', version: 1, data: { organizationId, message: 'Send the certificate' } };
const verified: OrganizationEvent = { type: 'OrganizationVerified', version: 1, data: { organizationId } };
const suspended: OrganizationEvent = { type: 'OrganizationSuspended', version: 1, data: { organizationId, reason: 'Audit pending' } };
const rejected: OrganizationEvent = { type: 'OrganizationRejected', version: 1, data: { organizationId, reason: 'Not registered' } };

describe('organization decider', () => {
  it('registers a new organisation as a draft with the registrant as admin', () =>
    given([])
      .when(cmd('RegisterOrganization', { profile: aProfile(), registrant: partner }))
      .then([registered]));

  it('refuses to register the same organisation twice', () =>
    given([registered]).when(cmd('RegisterOrganization', { profile: aProfile(), registrant: partner })).thenThrows('organization.already-registered'));

  it('submits a draft for verification', () => given([registered]).when(cmd('SubmitForVerification')).then([submitted]));

  it('refuses a second submission', () => given([registered, submitted]).when(cmd('SubmitForVerification')).thenThrows('organization.not-draft'));

  it('refuses to verify a draft that was never submitted', () =>
    given([registered]).when(cmd('VerifyOrganization')).thenThrows('organization.not-submitted'));

  it('verifies a submitted organisation', () => given([registered, submitted]).when(cmd('VerifyOrganization')).then([verified]));

  it('requests information, then accepts a resubmission', () => {
    given([registered, submitted]).when(cmd('RequestInformation', { message: 'Send the certificate' })).then([infoRequested]);
    given([registered, submitted, infoRequested])
      .when(cmd('ResubmitForVerification', { response: 'Attached' }))
      .then([{ type: 'OrganizationResubmitted', version: 1, data: { organizationId, response: 'Attached' } }]);
  });

  it('lets the profile be amended while information is requested, not once submitted', () => {
    given([registered, submitted, infoRequested])
      .when(cmd('AmendProfile', { profile: aProfile({ name: 'Amani Youth' }) }))
      .then([{ type: 'OrganizationProfileAmended', version: 1, data: { organizationId, profile: aProfile({ name: 'Amani Youth' }) } }]);
    given([registered, submitted]).when(cmd('AmendProfile', { profile: aProfile() })).thenThrows('organization.not-draft');
  });

  it('rejects only a submitted organisation', () => {
    given([registered, submitted]).when(cmd('RejectOrganization', { reason: 'Not registered' })).then([rejected]);
    given([registered, submitted, rejected]).when(cmd('VerifyOrganization')).thenThrows('organization.not-submitted');
  });

  it('suspends a verified organisation and reinstates it', () => {
    given([registered, submitted, verified]).when(cmd('SuspendOrganization', { reason: 'Audit pending' })).then([suspended]);
    given([registered, submitted, verified, suspended])
      .when(cmd('ReinstateOrganization', { reason: 'Audit closed' }))
      .then([{ type: 'OrganizationReinstated', version: 1, data: { organizationId, reason: 'Audit closed' } }]);
  });

  it('refuses to suspend an organisation that is not verified', () =>
    given([registered]).when(cmd('SuspendOrganization', { reason: 'x' })).thenThrows('organization.not-verified'));

  it('refuses any command on an organisation that does not exist', () =>
    given([]).when(cmd('SubmitForVerification')).thenThrows('organization.not-found'));

  it('lets an admin invite a member, and refuses a non-admin', () => {
    given([registered])
      .when(cmd('InviteMember', { actingMemberId: partner.memberId, member: partnerMember, role: 'member' }))
      .then([{ type: 'MemberInvited', version: 2, data: { organizationId, memberId: partnerMember.memberId, name: partnerMember.sealedName, role: 'member' } }]);
    given([registered])
      .when(cmd('InviteMember', { actingMemberId: someoneElse.memberId, member: person('d'), role: 'member' }))
      .thenThrows('organization.not-an-admin');
  });

  it('keeps the last admin', () =>
    given([registered]).when(cmd('RemoveMember', { actingMemberId: partner.memberId, memberId: partner.memberId })).thenThrows('organization.last-admin'));

  it('removes a member', () =>
    given([registered, { type: 'MemberInvited', version: 2, data: { organizationId, memberId: partnerMember.memberId, role: 'member' } }])
      .when(cmd('RemoveMember', { actingMemberId: partner.memberId, memberId: partnerMember.memberId }))
      .then([{ type: 'MemberRemoved', version: 2, data: { organizationId, memberId: partnerMember.memberId } }]));

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('knows no member with the id %s', (username) => {
    given([registered]).when(cmd('RemoveMember', { actingMemberId: partner.memberId, memberId: username })).thenThrows('organization.member-not-found');
    given([registered]).when(cmd('InviteMember', { actingMemberId: username, member: person('x'), role: 'admin' })).thenThrows('organization.not-an-admin');
  });

  it('does nothing when a member is invited again with the same role', () =>
    given([registered]).when(cmd('InviteMember', { actingMemberId: partner.memberId, member: partner, role: 'admin' })).thenNothing());
});
