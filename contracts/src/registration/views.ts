import { z } from 'zod';
import { Contact, OrganizationId, OrganizationProfile, OrganizationType } from './profile';
import { MemberRole } from './events';

/**
 * What the registration API answers to reads: the published shape of its read models, so the
 * OpenAPI document declares it and tests check real answers against it. Optional fields that
 * a projection clears may read back as null from MongoDB.
 */

export const ORGANIZATION_STATUSES = ['draft', 'submitted', 'information-requested', 'verified', 'rejected', 'suspended'] as const;

/** A contact person, opened for an authorised reader; `{ erased: true }` once their key was erased. */
export const ContactRead = z.union([Contact, z.object({ erased: z.literal(true) }).strict()]);

export const OrganizationRead = z
  .object({
    _id: OrganizationId,
    status: z.enum(ORGANIZATION_STATUSES),
    profile: OrganizationProfile.extend({ contacts: z.array(ContactRead) }),
    // Members by id; the username where it was sealed and is not erased (v1 events carried none).
    members: z.array(z.object({ memberId: z.string(), username: z.string().optional(), erased: z.literal(true).optional(), role: MemberRole }).strict()),
    registeredAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** The stream revision, also sent as the ETag for If-Match. */
    revision: z.number().int(),
    pendingRequest: z.string().nullish(),
    lastReason: z.string().optional(),
    verifiedAt: z.iso.datetime().optional(),
  })
  .strict();

export const OrganizationList = z.object({ items: z.array(OrganizationRead), total: z.number().int() }).strict();

/** One organisation in the public directory: no contact people, no internal state. */
export const DirectoryEntryRead = z
  .object({
    _id: OrganizationId,
    name: z.string(),
    type: OrganizationType,
    mandate: z.string(),
    website: z.string().optional(),
    counties: z.array(z.object({ code: z.string(), name: z.string() }).strict()),
    pillars: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
    verifiedAt: z.iso.datetime().optional(),
  })
  .strict();

export const DirectoryPage = z
  .object({ items: z.array(DirectoryEntryRead), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
  .strict();
