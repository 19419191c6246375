import { z } from 'zod';
import { multiLineText, refuseUncleanSingleLine, singleLineText } from '../text';
import { PILLAR_IDS } from '../reference/pillars';
import { CountyCodeSchema } from '../county-plans/plan';

/**
 * The library (resources context): guides, tools, research, policy, training material and
 * links to global resources. Anyone verified submits an item; NCTC editors (role `nctc-admin`)
 * review it, ask for changes, publish or reject it with a reason. A published item is
 * versioned: a new version goes through review while the published one stays public; an item
 * can be retired. One stream per item, `resource-<resourceId>`.
 */
export const ResourceId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$/, 'lowercase letters, digits and hyphens (3 to 64), not starting or ending with a hyphen');

export const RESOURCE_TYPES = ['guide', 'tool', 'research', 'policy', 'training', 'link'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const AUDIENCES = ['practitioners', 'families', 'teachers', 'youth', 'religious-leaders', 'county-officials'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * The language of an item: an ISO 639-1 code (two lowercase letters). English (`en`) and
 * Kiswahili (`sw`) are the platform's languages; others (`so`, `ar`, `fr`, …) are welcome as
 * global resources and searched by the same words.
 */
export const LanguageCode = z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 language code: two lowercase letters (en, sw, so, …)');

const HttpsUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine(refuseUncleanSingleLine)
  .refine((value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'an https:// address');

const ResourceFields = z
  .object({
    type: z.enum(RESOURCE_TYPES),
    title: singleLineText(5, 200),
    summary: multiLineText(10, 1000),
    /** The text of a guide, tool or training material; a `link` item points elsewhere instead. */
    body: multiLineText(10, 50_000).optional(),
    link: HttpsUrl.optional(),
    language: LanguageCode,
    pillars: z.array(z.enum(PILLAR_IDS)).min(1).max(PILLAR_IDS.length),
    /** The counties it is about; none: national or global. */
    counties: z.array(CountyCodeSchema).max(47).default([]),
    audiences: z.array(z.enum(AUDIENCES)).min(1).max(AUDIENCES.length),
    /** Who wrote or published it (an organisation, a ministry, a journal). */
    source: singleLineText(2, 200),
    /** Under what terms it may be shared: `CC BY 4.0`, `public domain`, `all rights reserved`, … */
    licence: singleLineText(2, 100),
  })
  .strict();

export const ResourceContent = ResourceFields.superRefine((item, ctx) => {
  const twice = (values: readonly string[], field: string) =>
    values.forEach((value, i) => {
      if (values.indexOf(value) !== i) ctx.addIssue({ code: 'custom', path: [field, i], message: `${value} is listed twice` });
    });
  twice(item.pillars, 'pillars');
  twice(item.counties, 'counties');
  twice(item.audiences, 'audiences');
  if (item.type === 'link' && item.link === undefined) ctx.addIssue({ code: 'custom', path: ['link'], message: 'a link item needs its https:// address' });
  if (item.body === undefined && item.link === undefined) ctx.addIssue({ code: 'custom', path: ['body'], message: 'give the text of the item, or a link to it' });
});
export type ResourceContent = z.infer<typeof ResourceContent>;

/** Who submitted an item: the owner of its versions (their organisation's people, or the person). */
export const ResourceSubmitter = z
  .object({
    subject: z.string(),
    /** The organisation the submitter acted for (partners); its people may revise the item. */
    organizationId: z.string().optional(),
    /** `partner`, `county-officer` or `nctc-admin`: the role the item was submitted under. */
    role: z.string(),
    countyCode: z.string().optional(),
  })
  .strict();
export type ResourceSubmitter = z.infer<typeof ResourceSubmitter>;

const resourceEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object({ resourceId: ResourceId, ...shape }) });

const ItemVersion = z.number().int().min(1);

/** Version 1 submitted for review. */
export const ResourceSubmittedV1 = resourceEvent('ResourceSubmitted', { itemVersion: ItemVersion, content: ResourceContent, submittedBy: ResourceSubmitter });
/** A version submitted again: the answer to a request for changes (same version), or a new version of a published item. */
export const ResourceRevisionSubmittedV1 = resourceEvent('ResourceRevisionSubmitted', { itemVersion: ItemVersion, content: ResourceContent, submittedBy: z.string() });
export const ResourceChangesRequestedV1 = resourceEvent('ResourceChangesRequested', { itemVersion: ItemVersion, reason: z.string(), requestedBy: z.string() });
/** The version becomes the one the public reads (the version before it, if any, is superseded). */
export const ResourcePublishedV1 = resourceEvent('ResourcePublished', { itemVersion: ItemVersion, publishedBy: z.string() });
/** The version under review is refused; a published version before it stays published. */
export const ResourceRejectedV1 = resourceEvent('ResourceRejected', { itemVersion: ItemVersion, reason: z.string(), rejectedBy: z.string() });
/** The item leaves the library (search and feed); its history stays. */
export const ResourceRetiredV1 = resourceEvent('ResourceRetired', { reason: z.string(), retiredBy: z.string() });

export const ResourceEvent = z.discriminatedUnion('type', [ResourceSubmittedV1, ResourceRevisionSubmittedV1, ResourceChangesRequestedV1, ResourcePublishedV1, ResourceRejectedV1, ResourceRetiredV1]);
export type ResourceEvent = z.infer<typeof ResourceEvent>;

/** `resource-amani-parents-guide`. */
export const resourceStreamId = (resourceId: string): string => `resource-${resourceId}`;

/** HTTP bodies. */
export const EditorialReason = z.object({ reason: multiLineText(5, 2000) }).strict();

export const RESOURCE_STATUSES = ['in-review', 'changes-requested', 'published', 'rejected', 'retired'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
const Timestamp = z.iso.datetime();

/** One version of an item, as its submitter and the editors read it. */
export const ResourceVersionRead = ResourceFields.extend({
  itemVersion: z.number().int(),
  submittedAt: Timestamp,
  publishedAt: Timestamp.optional(),
}).strict();

/** What the public reads: the published version of a published item. */
export const PublishedResourceRead = ResourceFields.extend({
  resourceId: z.string(),
  itemVersion: z.number().int(),
  firstPublishedAt: Timestamp,
  publishedAt: Timestamp,
}).strict();
export type PublishedResourceRead = z.infer<typeof PublishedResourceRead>;

/** An item with its editorial state: its submitter's organisation, the submitter and the editors. */
export const ResourceRead = z
  .object({
    resourceId: z.string(),
    status: z.enum(RESOURCE_STATUSES),
    submittedBy: ResourceSubmitter,
    /** The version the public reads, while the item is published. */
    published: ResourceVersionRead.optional(),
    /** The version under review or sent back (absent when none is). */
    pending: ResourceVersionRead.extend({ stage: z.enum(['in-review', 'changes-requested']) }).optional(),
    /** The editors' last request for changes or rejection, with the reason. */
    lastDecision: z.object({ decision: z.enum(['changes-requested', 'rejected', 'published', 'retired']), itemVersion: z.number().int().optional(), reason: z.string().optional(), at: Timestamp }).strict().optional(),
    updatedAt: Timestamp,
    /** The stream revision (ETag). */
    revision: z.number().int(),
  })
  .strict();
export type ResourceRead = z.infer<typeof ResourceRead>;

export const ResourceReadList = z.object({ items: z.array(ResourceRead) }).strict();

/** Search of the published library: words in any language, and filters. */
export const LibraryQuery = z
  .object({
    q: z.string().trim().max(200).superRefine(refuseUncleanSingleLine).optional(),
    pillar: z.enum(PILLAR_IDS).optional(),
    county: CountyCodeSchema.optional(),
    audience: z.enum(AUDIENCES).optional(),
    type: z.enum(RESOURCE_TYPES).optional(),
    language: LanguageCode.optional(),
  });
export type LibraryQuery = z.infer<typeof LibraryQuery>;

export const LibrarySearchResult = z.object({ items: z.array(PublishedResourceRead), total: z.number().int() }).strict();
