import { z } from 'zod';
import { multiLineText, refuseUncleanSingleLine, singleLineText } from '../text';
import { COUNTY_CODES } from '../reference/counties';
import { PILLAR_IDS } from '../reference/pillars';

export const ORGANIZATION_TYPES = [
  'national-ngo',
  'international-ngo',
  'community-based',
  'faith-based',
  'academic',
  'private-sector',
  'government-agency',
  'donor-multilateral',
] as const;

export const OrganizationType = z.enum(ORGANIZATION_TYPES);

/** Organisation ids double as the Keycloak `org_id` claim and the stream id suffix. */
export const OrganizationId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, 'lowercase letters, digits and inner hyphens, 3 to 64 characters');

export const LegalRegistration = z.object({
  /** Who registered the organisation: NGO Co-ordination Board, PBO Regulatory Authority, etc. */
  authority: z.enum(['ngo-board', 'pbo-authority', 'registrar-of-societies', 'registrar-of-companies', 'act-of-parliament', 'foreign']),
  number: singleLineText(2, 60),
  registeredOn: z.iso.date(),
  /** ISO 3166-1 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. KE'),
});

export const Contact = z.object({
  name: singleLineText(2, 120),
  role: singleLineText(0, 120).optional(),
  email: z.email().max(200),
  phone: z
    .string()
    .regex(/^\+?[0-9 ]{7,20}$/, 'digits, spaces and an optional leading +')
    .optional(),
});

export const OrganizationProfile = z.object({
  name: singleLineText(2, 200),
  type: OrganizationType,
  registration: LegalRegistration,
  mandate: multiLineText(10, 4000),
  contacts: z.array(Contact).min(1).max(5),
  pillars: z.array(z.enum(PILLAR_IDS)).min(1).refine((a) => new Set(a).size === a.length, 'pillars must not repeat'),
  counties: z.array(z.enum(COUNTY_CODES)).min(1).refine((a) => new Set(a).size === a.length, 'counties must not repeat'),
  website: z.url().max(300).superRefine(refuseUncleanSingleLine).optional(),
});

export type OrganizationProfile = z.infer<typeof OrganizationProfile>;
export type OrganizationType = z.infer<typeof OrganizationType>;

/**
 * Personal data as stored in events and read models: sealed with the person's own key
 * (`pd:v1:<subject key id>:<iv>:<tag>:<ciphertext>`), so erasing the key erases every copy.
 */
export const SealedPersonalData = z.string().regex(/^pd:v1:[A-Za-z0-9_-]+\.\d+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/, 'sealed personal data');

/** The profile as recorded: the same as submitted, with each contact person sealed. */
export const OrganizationProfileRecord = OrganizationProfile.extend({ contacts: z.array(SealedPersonalData).min(1).max(5) });

export type Contact = z.infer<typeof Contact>;
export type OrganizationProfileRecord = z.infer<typeof OrganizationProfileRecord>;
