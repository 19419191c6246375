import { knownOrganizationsProjection, type KnownOrganizationWithMembers } from '@csm/registration-facts';

/**
 * The proposals context's own copy of the registration facts it needs: is this organisation
 * verified now, and who are its members (admins are its officials; a reviewer among them is
 * recused). The shared projection, with members.
 */
export type VerifiedOrganization = KnownOrganizationWithMembers;

export const VERIFIED_ORGANIZATIONS = 'verifiedOrganizations';

export const verifiedOrganizationsProjection = knownOrganizationsProjection({ name: 'proposals.verifiedOrganizations', collection: VERIFIED_ORGANIZATIONS, members: true });
