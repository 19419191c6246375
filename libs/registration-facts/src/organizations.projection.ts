import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { OrganizationEvent } from '@csm/contracts';

/**
 * A context's own copy of the registration facts it needs about an organisation: its name, type
 * and whether it is verified now. Fed from registration's events (the bus), never by calling
 * the registration API.
 */
export interface KnownOrganization extends Tracked {
  _id: string;
  name: string;
  type: string;
  verified: boolean;
}

/** The same, with the member ids of its members (`SubjectIds.forUsername`), for a context that acts on membership. */
export interface KnownOrganizationWithMembers extends KnownOrganization {
  members: string[];
}

const ORGANIZATION_EVENTS = ['OrganizationRegistered', 'OrganizationProfileAmended', 'OrganizationVerified', 'OrganizationReinstated', 'OrganizationRejected', 'OrganizationSuspended'] as const;
const MEMBER_EVENTS = ['MemberInvited', 'MemberRemoved'] as const;

export interface KnownOrganizationsOptions {
  /** `<service>.<projection>`: its consumer group and checkpoint name. */
  name: string;
  /** The read model it writes. */
  collection: string;
  /** Also keep each organisation's members (the registrant, then invited and removed members). */
  members: boolean;
}

/** The projection that keeps a context's copy of the organisations registration knows. */
export const knownOrganizationsProjection = (options: KnownOrganizationsOptions): Projection => ({
  name: options.name,
  eventTypes: options.members ? [...ORGANIZATION_EVENTS, ...MEMBER_EVENTS] : [...ORGANIZATION_EVENTS],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as OrganizationEvent;
    const collection: Collection<KnownOrganization & { members?: string[] }> = readModels.collection(options.collection);
    await applyOnce(collection, event.data.organizationId, recorded, (current) => {
      switch (event.type) {
        case 'OrganizationRegistered': {
          const organization = { _id: event.data.organizationId, name: event.data.profile.name, type: event.data.profile.type, verified: false };
          return options.members ? { ...organization, members: [event.data.registeredBy] } : organization;
        }
        case 'OrganizationProfileAmended':
          return current && { ...current, name: event.data.profile.name, type: event.data.profile.type };
        case 'OrganizationVerified':
        case 'OrganizationReinstated':
          return current && { ...current, verified: true };
        case 'OrganizationRejected':
        case 'OrganizationSuspended':
          return current && { ...current, verified: false };
        case 'MemberInvited':
          if (!options.members) return current;
          return current && { ...current, members: [...(current.members ?? []).filter((m) => m !== event.data.memberId), event.data.memberId] };
        case 'MemberRemoved':
          if (!options.members) return current;
          return current && { ...current, members: (current.members ?? []).filter((m) => m !== event.data.memberId) };
        default:
          return current;
      }
    });
  },
});
