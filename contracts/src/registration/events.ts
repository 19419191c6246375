import { z } from 'zod';
import { OrganizationId, OrganizationProfileRecord } from './profile';

/**
 * The registration context's published language. One schema per event type and version;
 * a published version never changes meaning: a change adds `v2` and an upcaster.
 */
const orgEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object({ organizationId: OrganizationId, ...shape }) });

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

export const OrganizationEvent = z.discriminatedUnion('type', [
  OrganizationRegisteredV1,
  OrganizationProfileAmendedV1,
  OrganizationSubmittedForVerificationV1,
  OrganizationInformationRequestedV1,
  OrganizationResubmittedV1,
  OrganizationVerifiedV1,
  OrganizationRejectedV1,
  OrganizationSuspendedV1,
  OrganizationReinstatedV1,
  MemberInvitedV1,
  MemberRemovedV1,
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
