import type { PersonalDataVault, SubjectIds } from '@csm/eventing';
import type { Contact, OrganizationProfile, OrganizationProfileRecord } from '@csm/contracts';
import type { MemberIdentity } from '../domain/organization';
import type { OrganizationMember } from '../projections/organizations.projection';

/** Seals each contact person with their own key before the profile becomes an event. */
export const sealProfile = async (vault: PersonalDataVault, ids: SubjectIds, profile: OrganizationProfile): Promise<OrganizationProfileRecord> => ({
  ...profile,
  contacts: await Promise.all(profile.contacts.map((contact) => vault.seal(ids.forEmail(contact.email), contact))),
});

/** Opens contacts for an authorised reader; an erased person reads as `{ erased: true }`. */
export const openProfile = async (vault: PersonalDataVault, profile: OrganizationProfileRecord) => ({
  ...profile,
  contacts: await Promise.all(profile.contacts.map((sealed) => vault.open<Contact>(sealed))),
});

/** A user as events name them: the member id, and the username sealed under that id's own key. */
export const memberIdentity = async (vault: PersonalDataVault, ids: SubjectIds, username: string): Promise<MemberIdentity> => {
  const memberId = ids.forUsername(username);
  return { memberId, sealedName: await vault.seal(memberId, { username }) };
};

/**
 * Members for an authorised reader: the username where it was sealed and is not erased; for a
 * member recorded before usernames were sealed (or erased), the member id alone says who it is.
 */
export const openMembers = (vault: PersonalDataVault, members: readonly OrganizationMember[]) =>
  Promise.all(
    members.map(async ({ memberId, name, role }) => {
      if (!name) return { memberId, role };
      const opened = await vault.open<{ username: string }>(name);
      return 'erased' in opened ? { memberId, role, erased: true as const } : { memberId, username: opened.username, role };
    }),
  );
