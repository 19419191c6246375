import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { OrganizationEvent } from '@csm/contracts';

/**
 * The county-plans context's own copy of the registration facts it needs: each organisation's
 * name, type and whether it is verified now. Fed from registration's events (the bus), never by
 * calling the registration API.
 */
export interface KnownOrganization extends Tracked {
  _id: string;
  name: string;
  type: string;
  verified: boolean;
}

export const ORGANIZATIONS = 'organizations';

export const organizationsProjection: Projection = {
  name: 'county-plans.organizations',
  eventTypes: ['OrganizationRegistered', 'OrganizationProfileAmended', 'OrganizationVerified', 'OrganizationReinstated', 'OrganizationRejected', 'OrganizationSuspended'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as OrganizationEvent;
    const collection: Collection<KnownOrganization> = readModels.collection(ORGANIZATIONS);
    await applyOnce(collection, event.data.organizationId, recorded, (current) => {
      switch (event.type) {
        case 'OrganizationRegistered':
          return { _id: event.data.organizationId, name: event.data.profile.name, type: event.data.profile.type, verified: false };
        case 'OrganizationProfileAmended':
          return current && { ...current, name: event.data.profile.name, type: event.data.profile.type };
        case 'OrganizationVerified':
        case 'OrganizationReinstated':
          return current && { ...current, verified: true };
        case 'OrganizationRejected':
        case 'OrganizationSuspended':
          return current && { ...current, verified: false };
        default:
          return current;
      }
    });
  },
};
