import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { OrganizationEvent } from '@csm/contracts';

/**
 * The proposals context's own copy of one registration fact: is this organisation verified now?
 * Fed from the registration events (the bus), never by calling the registration API.
 */
export interface VerifiedOrganization extends Tracked {
  _id: string;
  name: string;
  type: string;
  verified: boolean;
  /** Member ids of its members (admins are its officials; `SubjectIds.forUsername`): a reviewer among them is recused. */
  members: string[];
}

export const VERIFIED_ORGANIZATIONS = 'verifiedOrganizations';

export const verifiedOrganizationsProjection: Projection = {
  name: 'proposals.verifiedOrganizations',
  eventTypes: ['OrganizationRegistered', 'OrganizationProfileAmended', 'OrganizationVerified', 'OrganizationReinstated', 'OrganizationRejected', 'OrganizationSuspended', 'MemberInvited', 'MemberRemoved'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as OrganizationEvent;
    const collection: Collection<VerifiedOrganization> = readModels.collection(VERIFIED_ORGANIZATIONS);
    await applyOnce(collection, event.data.organizationId, recorded, (current) => {
      switch (event.type) {
        case 'OrganizationRegistered':
          return { _id: event.data.organizationId, name: event.data.profile.name, type: event.data.profile.type, verified: false, members: [event.data.registeredBy] };
        case 'OrganizationProfileAmended':
          return current && { ...current, name: event.data.profile.name, type: event.data.profile.type };
        case 'OrganizationVerified':
        case 'OrganizationReinstated':
          return current && { ...current, verified: true };
        case 'OrganizationRejected':
        case 'OrganizationSuspended':
          return current && { ...current, verified: false };
        case 'MemberInvited':
          return current && { ...current, members: [...(current.members ?? []).filter((m) => m !== event.data.memberId), event.data.memberId] };
        case 'MemberRemoved':
          return current && { ...current, members: (current.members ?? []).filter((m) => m !== event.data.memberId) };
        default:
          return current;
      }
    });
  },
};
