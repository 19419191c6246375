import { knownOrganizationsProjection, type KnownOrganization } from '@csm/registration-facts';

/**
 * The county-plans context's own copy of the registration facts it needs: each organisation's
 * name, type and whether it is verified now (the shared projection, without members).
 */
export type { KnownOrganization };

export const ORGANIZATIONS = 'organizations';

export const organizationsProjection = knownOrganizationsProjection({ name: 'county-plans.organizations', collection: ORGANIZATIONS, members: false });
