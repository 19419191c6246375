import { knownOrganizationsProjection, type KnownOrganization } from '@csm/registration-facts';

/** The resources context's own copy of the registration facts: whether a submitter's organisation is verified now. */
export type { KnownOrganization };

export const ORGANIZATIONS = 'organizations';

export const organizationsProjection = knownOrganizationsProjection({ name: 'resources.organizations', collection: ORGANIZATIONS, members: false });
