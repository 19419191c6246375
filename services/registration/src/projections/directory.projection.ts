import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import { countyName, CURRENT_PILLARS, type OrganizationEvent, type OrganizationProfileRecord, type OrganizationType } from '@csm/contracts';

/**
 * Answers "who does what where?" for the public. Every registered organisation has a document,
 * but only `listed` ones (verified, not suspended) are ever returned: queries always filter on it.
 * It holds no personal data: contact people are not published.
 */
export interface DirectoryEntry extends Tracked {
  _id: string;
  listed: boolean;
  name: string;
  type: OrganizationType;
  mandate: string;
  website?: string;
  counties: { code: string; name: string }[];
  countyCodes: string[];
  pillars: { id: string; name: string }[];
  pillarIds: string[];
  /** Lower-cased name and mandate, for the free-text filter. */
  searchText: string;
  verifiedAt?: string;
}

export const DIRECTORY = 'directory';

const publicFields = (profile: OrganizationProfileRecord) => ({
  name: profile.name,
  type: profile.type,
  mandate: profile.mandate,
  ...(profile.website ? { website: profile.website } : {}),
  counties: profile.counties.map((code) => ({ code, name: countyName(code) ?? code })),
  countyCodes: [...profile.counties],
  pillars: profile.pillars.map((id) => ({ id, name: CURRENT_PILLARS.pillars.find((p) => p.id === id)?.name ?? id })),
  pillarIds: [...profile.pillars],
  searchText: `${profile.name} ${profile.mandate}`.toLowerCase(),
});

export const directoryProjection: Projection = {
  name: 'registration.directory',
  eventTypes: [
    'OrganizationRegistered',
    'OrganizationProfileAmended',
    'OrganizationVerified',
    'OrganizationRejected',
    'OrganizationSuspended',
    'OrganizationReinstated',
  ],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as OrganizationEvent;
    const collection: Collection<DirectoryEntry> = readModels.collection(DIRECTORY);
    await applyOnce(collection, event.data.organizationId, recorded, (current) => {
      switch (event.type) {
        case 'OrganizationRegistered':
          return { _id: event.data.organizationId, listed: false, ...publicFields(event.data.profile) };
        case 'OrganizationProfileAmended':
          return current && { ...current, ...publicFields(event.data.profile) };
        case 'OrganizationVerified':
          return current && { ...current, listed: true, verifiedAt: recorded.metadata.occurredAt };
        case 'OrganizationReinstated':
          return current && { ...current, listed: true };
        case 'OrganizationRejected':
        case 'OrganizationSuspended':
          return current && { ...current, listed: false };
        default:
          return current;
      }
    });
  },
};
