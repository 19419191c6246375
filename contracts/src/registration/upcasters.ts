import type { EventUpcaster } from '../catalog';

/** How events name a platform user by username: an HMAC under a secret only the platform holds. */
export interface UsernamePseudonyms {
  forUsername(username: string): string;
}

/**
 * v1 → v2 of the registration events that carried usernames in clear: the username becomes its
 * member id. The stored v1 keeps its bytes (events are never rewritten), but no reader sees them.
 */
export const registrationUpcasters = (pseudonyms: UsernamePseudonyms): EventUpcaster[] => [
  {
    type: 'OrganizationRegistered',
    fromVersion: 1,
    toVersion: 2,
    upcast: ({ registeredBy, ...rest }) => ({ ...rest, registeredBy: pseudonyms.forUsername(String(registeredBy)) }),
  },
  {
    type: 'MemberInvited',
    fromVersion: 1,
    toVersion: 2,
    upcast: ({ username, ...rest }) => ({ ...rest, memberId: pseudonyms.forUsername(String(username)) }),
  },
  {
    type: 'MemberRemoved',
    fromVersion: 1,
    toVersion: 2,
    upcast: ({ username, ...rest }) => ({ ...rest, memberId: pseudonyms.forUsername(String(username)) }),
  },
];
