import { z } from 'zod';
import { multiLineText } from '../text';
import { ORGANIZATION_TYPES, OrganizationProfile } from './profile';
import { countyCodeOf } from '../reference/counties';
import { PILLAR_IDS } from '../reference/pillars';
import { MemberRole, Username } from './events';

/** HTTP request bodies of the registration commands. The acting user comes from the token. */
export const RegisterOrganizationBody = OrganizationProfile;
export const AmendProfileBody = OrganizationProfile;
export const NoBody = z.object({}).strict();
export const RequestInformationBody = z.object({ message: multiLineText(5, 2000) }).strict();
export const ResubmitBody = z.object({ response: multiLineText(0, 2000).optional() }).strict();
export const VerifyBody = z.object({ note: multiLineText(0, 2000).optional() }).strict();
/** Reasons are required for every refusal or sanction: the organisation is told why. */
export const ReasonBody = z.object({ reason: multiLineText(5, 2000) }).strict();
export const InviteMemberBody = z.object({ username: Username, role: MemberRole }).strict();

export const DirectoryQuery = z.object({
  /** A county code or name, case-insensitive: `001`, `Mombasa`, `tana river`. Filters by code. */
  county: z
    .string()
    .max(60)
    .transform((text, ctx) => {
      const code = countyCodeOf(text);
      if (code === undefined) ctx.addIssue({ code: 'custom', message: 'a county code from 001 to 047 or a county name, e.g. 001 or Mombasa' });
      return code ?? z.NEVER;
    })
    .optional(),
  pillar: z.enum(PILLAR_IDS, { error: `one of the NSCVE pillars: ${PILLAR_IDS.join(', ')}` }).optional(),
  type: z.enum(ORGANIZATION_TYPES, { error: `one of the organisation types: ${ORGANIZATION_TYPES.join(', ')}` }).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  minPosition: z.string().regex(/^-?\d+$/).optional(),
});

/**
 * A person asks to be forgotten: every sealed copy of their data becomes unreadable. A contact
 * person is named by e-mail address, a platform user (a member's sealed username) by username.
 */
export const EraseSubjectDataBody = z
  .object({ email: z.email().max(200).optional(), username: Username.optional(), reason: multiLineText(5, 2000) })
  .strict()
  .refine((b) => (b.email === undefined) !== (b.username === undefined), { message: 'name the person by email or by username (one of them)', path: ['email'] });
