import { DomainError, type Decider } from '@csm/eventing';
import type { Organization, OrganizationCommand, OrganizationEvent, OrganizationStatus } from './organization';

export const initialState = (): Organization => ({ status: 'none', members: new Map() });

const requireStatus = (state: Organization, allowed: OrganizationStatus[], action: string): void => {
  if (state.status === 'none') throw new DomainError('organization.not-found', 'No such organisation', 'not-found');
  if (!allowed.includes(state.status)) {
    throw new DomainError(`organization.not-${allowed[0]}`, `Cannot ${action}: the organisation is ${state.status}`);
  }
};

const requireAdmin = (state: Organization, memberId: string): void => {
  if (state.members.get(memberId) !== 'admin') {
    throw new DomainError('organization.not-an-admin', 'Only the organisation’s admins manage its members', 'forbidden');
  }
};

/**
 * The verification life cycle:
 * draft → submitted → (information-requested → submitted)* → verified | rejected;
 * verified ⇄ suspended. Profile edits only while the organisation is the one holding the pen.
 */
export const decide = (command: OrganizationCommand, state: Organization): OrganizationEvent[] => {
  const organizationId = command.data.organizationId;
  switch (command.type) {
    case 'RegisterOrganization':
      if (state.status !== 'none') throw new DomainError('organization.already-registered', 'This organisation is already registered');
      return [
        {
          type: 'OrganizationRegistered',
          version: 2,
          data: { organizationId, profile: command.data.profile, registeredBy: command.data.registrant.memberId, registeredByName: command.data.registrant.sealedName },
        },
      ];
    case 'AmendProfile':
      requireStatus(state, ['draft', 'information-requested'], 'amend the profile');
      return [{ type: 'OrganizationProfileAmended', version: 1, data: { organizationId, profile: command.data.profile } }];
    case 'SubmitForVerification':
      requireStatus(state, ['draft'], 'submit for verification');
      return [{ type: 'OrganizationSubmittedForVerification', version: 1, data: { organizationId } }];
    case 'RequestInformation':
      requireStatus(state, ['submitted'], 'request information');
      return [{ type: 'OrganizationInformationRequested', version: 1, data: { organizationId, message: command.data.message } }];
    case 'ResubmitForVerification':
      requireStatus(state, ['information-requested'], 'resubmit');
      return [
        {
          type: 'OrganizationResubmitted',
          version: 1,
          data: { organizationId, ...(command.data.response ? { response: command.data.response } : {}) },
        },
      ];
    case 'VerifyOrganization':
      requireStatus(state, ['submitted'], 'verify');
      return [{ type: 'OrganizationVerified', version: 1, data: { organizationId, ...(command.data.note ? { note: command.data.note } : {}) } }];
    case 'RejectOrganization':
      requireStatus(state, ['submitted'], 'reject');
      return [{ type: 'OrganizationRejected', version: 1, data: { organizationId, reason: command.data.reason } }];
    case 'SuspendOrganization':
      requireStatus(state, ['verified'], 'suspend');
      return [{ type: 'OrganizationSuspended', version: 1, data: { organizationId, reason: command.data.reason } }];
    case 'ReinstateOrganization':
      requireStatus(state, ['suspended'], 'reinstate');
      return [{ type: 'OrganizationReinstated', version: 1, data: { organizationId, reason: command.data.reason } }];
    case 'InviteMember': {
      requireStatus(state, ['draft', 'submitted', 'information-requested', 'verified', 'suspended'], 'invite members');
      requireAdmin(state, command.data.actingMemberId);
      const { member, role } = command.data;
      if (state.members.get(member.memberId) === role) return [];
      return [{ type: 'MemberInvited', version: 2, data: { organizationId, memberId: member.memberId, name: member.sealedName, role } }];
    }
    case 'RemoveMember': {
      requireStatus(state, ['draft', 'submitted', 'information-requested', 'verified', 'suspended'], 'remove members');
      requireAdmin(state, command.data.actingMemberId);
      const { memberId } = command.data;
      const role = state.members.get(memberId);
      if (role === undefined) throw new DomainError('organization.member-not-found', 'No such member', 'not-found');
      const admins = [...state.members.values()].filter((r) => r === 'admin').length;
      if (role === 'admin' && admins === 1) {
        throw new DomainError('organization.last-admin', 'An organisation keeps at least one admin');
      }
      return [{ type: 'MemberRemoved', version: 2, data: { organizationId, memberId } }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
};

export const evolve = (state: Organization, event: OrganizationEvent): Organization => {
  switch (event.type) {
    case 'OrganizationRegistered':
      return {
        id: event.data.organizationId,
        status: 'draft',
        profile: event.data.profile,
        members: new Map([[event.data.registeredBy, 'admin']]),
      };
    case 'OrganizationProfileAmended':
      return { ...state, profile: event.data.profile };
    case 'OrganizationSubmittedForVerification':
    case 'OrganizationResubmitted':
      return { ...state, status: 'submitted' };
    case 'OrganizationInformationRequested':
      return { ...state, status: 'information-requested' };
    case 'OrganizationVerified':
    case 'OrganizationReinstated':
      return { ...state, status: 'verified' };
    case 'OrganizationRejected':
      return { ...state, status: 'rejected' };
    case 'OrganizationSuspended':
      return { ...state, status: 'suspended' };
    case 'MemberInvited':
      return { ...state, members: new Map(state.members).set(event.data.memberId, event.data.role) };
    case 'MemberRemoved': {
      const members = new Map(state.members);
      members.delete(event.data.memberId);
      return { ...state, members };
    }
    default: {
      // Events are facts: one this code does not know is ignored, never an error.
      const _unknown: never = event;
      return state;
    }
  }
};

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, Organization> = {
  decide,
  evolve,
  initialState,
};
