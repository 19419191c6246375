import { z } from 'zod';
import { OrganizationId, OrganizationProfileRecord, SealedPersonalData } from './profile';

/**
 * The registration context's published language. One schema per event type and version;
 * a published version never changes meaning: a change adds `v2` and an upcaster.
 */
const orgEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object({ organizationId: OrganizationId, ...shape }) });
const orgEventV2 = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(2), data: z.object({ organizationId: OrganizationId, ...shape }) });

export const MemberRole = z.enum(['admin', 'member']);
export const Username = z.string().trim().min(2).max(100).regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ -');

export const OrganizationRegisteredV1 = orgEvent('OrganizationRegistered', {
  profile: OrganizationProfileRecord,
  /** The registrant becomes the organisation's first admin member. */
  registeredBy: Username,
});
export const OrganizationProfileAmendedV1 = orgEvent('OrganizationProfileAmended', { profile: OrganizationProfileRecord });
export const OrganizationSubmittedForVerificationV1 = orgEvent('OrganizationSubmittedForVerification', {});
export const OrganizationInformationRequestedV1 = orgEvent('OrganizationInformationRequested', { message: z.string() });
export const OrganizationResubmittedV1 = orgEvent('OrganizationResubmitted', { response: z.string().optional() });
export const OrganizationVerifiedV1 = orgEvent('OrganizationVerified', { note: z.string().optional() });
export const OrganizationRejectedV1 = orgEvent('OrganizationRejected', { reason: z.string() });
export const OrganizationSuspendedV1 = orgEvent('OrganizationSuspended', { reason: z.string() });
export const OrganizationReinstatedV1 = orgEvent('OrganizationReinstated', { reason: z.string() });
export const MemberInvitedV1 = orgEvent('MemberInvited', { username: Username, role: MemberRole });
export const MemberRemovedV1 = orgEvent('MemberRemoved', { username: Username });

/**
 * A platform user as events name them since v2: a pseudonymous id, the HMAC of the username
 * under the platform's subject-id secret (`SubjectIds.forUsername`), never the username itself.
 */
export const MemberId = z.string().regex(/^user-[0-9a-f]{32}$/, 'a member id (user-<32 hex digits>)');
/**
 * v2 of the three events that named people by username in clear: a member id instead, and the
 * username sealed with the person's own key (absent in events upcast from v1, which had none).
 */
export const OrganizationRegisteredV2 = orgEventV2('OrganizationRegistered', {
  profile: OrganizationProfileRecord,
  /** The registrant becomes the organisation's first admin member. */
  registeredBy: MemberId,
  registeredByName: SealedPersonalData.optional(),
});
export const MemberInvitedV2 = orgEventV2('MemberInvited', { memberId: MemberId, name: SealedPersonalData.optional(), role: MemberRole });
export const MemberRemovedV2 = orgEventV2('MemberRemoved', { memberId: MemberId });

/** Every version ever published, for the contracts registry (the union below is the current ones). */
export const ORGANIZATION_EVENT_SCHEMAS_SUPERSEDED = [OrganizationRegisteredV1, MemberInvitedV1, MemberRemovedV1] as const;

export const OrganizationEvent = z.discriminatedUnion('type', [
  OrganizationRegisteredV2,
  OrganizationProfileAmendedV1,
  OrganizationSubmittedForVerificationV1,
  OrganizationInformationRequestedV1,
  OrganizationResubmittedV1,
  OrganizationVerifiedV1,
  OrganizationRejectedV1,
  OrganizationSuspendedV1,
  OrganizationReinstatedV1,
  MemberInvitedV2,
  MemberRemovedV2,
]);

export type OrganizationEvent = z.infer<typeof OrganizationEvent>;
export type OrganizationEventType = OrganizationEvent['type'];
export const ORGANIZATION_EVENT_TYPES = OrganizationEvent.options.map((o) => o.shape.type.value);

export const organizationStreamId = (organizationId: string): string => `organization-${organizationId}`;
export const ORGANIZATION_STREAM_CATEGORY = 'organization';

/** A data subject's personal data was erased (their key deleted); recorded for the audit trail. */
export const SubjectDataErasedV1 = z.object({
  type: z.literal('SubjectDataErased'),
  version: z.literal(1),
  data: z.object({ subjectKeyId: z.string(), reason: z.string() }),
});
export type SubjectDataErased = z.infer<typeof SubjectDataErasedV1>;
export const dataSubjectStreamId = (subjectKeyId: string): string => `dataSubject-${subjectKeyId}`;
