import { z } from 'zod';
import { multiLineText } from '../text';
import { OrganizationProfile } from './profile';
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
  county: z.string().regex(/^\d{3}$/).optional(),
  pillar: z.string().max(60).optional(),
  type: z.string().max(60).optional(),
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
