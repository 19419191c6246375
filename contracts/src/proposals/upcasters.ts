import type { EventUpcaster } from '../catalog';
import type { UsernamePseudonyms } from '../registration/upcasters';

const renaming = (type: string, field: string, pseudonyms: UsernamePseudonyms): EventUpcaster => ({
  type,
  fromVersion: 1,
  toVersion: 2,
  upcast: (data) => ({ ...data, [field]: pseudonyms.forUsername(String(data[field])) }),
});

/**
 * v1 → v2 of the proposals events that named reviewers and checkers by username in clear:
 * each username becomes its member id, as the v2 events written today carry.
 */
export const proposalsUpcasters = (pseudonyms: UsernamePseudonyms): EventUpcaster[] => {
  const panel = (data: Record<string, unknown>) => (data.reviewers as string[]).map((username) => pseudonyms.forUsername(username));
  const withPanel = (type: string): EventUpcaster => ({
    type,
    fromVersion: 1,
    toVersion: 2,
    upcast: (data) => {
      const details = data.details as Record<string, unknown>;
      return { ...data, details: { ...details, reviewers: panel(details) } };
    },
  });
  return [
    withPanel('CallDrafted'),
    withPanel('CallDraftAmended'),
    renaming('ConflictOfInterestDeclared', 'reviewer', pseudonyms),
    renaming('ReviewerRecused', 'reviewer', pseudonyms),
    renaming('ScoreSheetSaved', 'reviewer', pseudonyms),
    renaming('ScoreSheetLocked', 'reviewer', pseudonyms),
    renaming('LegalEthicalCheckRecorded', 'checkedBy', pseudonyms),
    renaming('AppealDecided', 'reviewedBy', pseudonyms),
    { type: 'DirectPartnershipOpened', fromVersion: 1, toVersion: 2, upcast: (data) => ({ ...data, reviewers: panel(data) }) },
  ];
};
