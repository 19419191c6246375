import { PersonalDataVault, subjectKeyIdForEmail } from '@csm/eventing';
import type { Contact, OrganizationProfile, OrganizationProfileRecord } from '@csm/contracts';

/** Seals each contact person with their own key before the profile becomes an event. */
export const sealProfile = async (vault: PersonalDataVault, profile: OrganizationProfile): Promise<OrganizationProfileRecord> => ({
  ...profile,
  contacts: await Promise.all(profile.contacts.map((contact) => vault.seal(subjectKeyIdForEmail(contact.email), contact))),
});

/** Opens contacts for an authorised reader; an erased person reads as `{ erased: true }`. */
export const openProfile = async (vault: PersonalDataVault, profile: OrganizationProfileRecord) => ({
  ...profile,
  contacts: await Promise.all(profile.contacts.map((sealed) => vault.open<Contact>(sealed))),
});
