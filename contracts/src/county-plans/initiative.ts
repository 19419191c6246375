import { z } from 'zod';
import { multiLineText, singleLineText } from '../text';
import { PILLAR_IDS } from '../reference/pillars';
import { OrganizationId, OrganizationType } from '../registration/profile';
import { CountyCodeSchema, PlanItemId } from './plan';

/**
 * Initiatives (county-plans context): the work going on now. A verified organisation
 * (government agencies included) declares what it does, in which counties, under which NSCVE
 * pillars, from when to when, with which partners and a budget band; it keeps it current
 * (amend) and closes it. The NCTC features one or asks for changes with a reason. One stream per
 * initiative, `initiative-<orgId>.<initiativeId>` (the category is `initiative`: it splits at the
 * first hyphen).
 */
export const InitiativeId = PlanItemId;

/** Budget bands in Kenya shillings (KES), whole-initiative budget over its whole period. */
export const BUDGET_BANDS = ['under-1m', '1m-to-10m', '10m-to-50m', '50m-to-250m', 'over-250m'] as const;
export type BudgetBand = (typeof BUDGET_BANDS)[number];
/** Each band's bounds in KES: `min` included, `max` excluded (none: no upper bound). */
export const BUDGET_BAND_KES: Record<BudgetBand, { min: number; max?: number }> = {
  'under-1m': { min: 0, max: 1_000_000 },
  '1m-to-10m': { min: 1_000_000, max: 10_000_000 },
  '10m-to-50m': { min: 10_000_000, max: 50_000_000 },
  '50m-to-250m': { min: 50_000_000, max: 250_000_000 },
  'over-250m': { min: 250_000_000 },
};

/** A county-plan action the initiative contributes to: checked against that county's published plan. */
export const PlanActionRef = z.object({ countyCode: CountyCodeSchema, actionId: PlanItemId }).strict();

const InitiativeFields = z
  .object({
    title: singleLineText(5, 200),
    description: multiLineText(10, 4000),
    counties: z.array(CountyCodeSchema).min(1).max(47),
    pillars: z.array(z.enum(PILLAR_IDS)).min(1).max(PILLAR_IDS.length),
    /** First day; `endsOn` absent: open-ended until closed. */
    startsOn: z.iso.date(),
    endsOn: z.iso.date().optional(),
    /** Partner organisations: ids of organisations in the directory (verified). */
    partners: z.array(OrganizationId).max(50).default([]),
    budgetBand: z.enum(BUDGET_BANDS),
    planActions: z.array(PlanActionRef).max(200).default([]),
    /** Do no harm: a sensitive initiative is published only as a count per county. */
    sensitive: z.boolean().default(false),
  })
  .strict();

export const InitiativeContent = InitiativeFields.superRefine((initiative, ctx) => {
    const twice = (values: string[], field: string) =>
      values.forEach((value, i) => {
        if (values.indexOf(value) !== i) ctx.addIssue({ code: 'custom', path: [field, i], message: `${value} is listed twice` });
      });
    twice(initiative.counties, 'counties');
    twice(initiative.pillars, 'pillars');
    twice(initiative.partners, 'partners');
    twice(initiative.planActions.map((a) => `${a.countyCode}/${a.actionId}`), 'planActions');
    if (initiative.endsOn !== undefined && initiative.endsOn < initiative.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must be on or after startsOn' });
    initiative.planActions.forEach((a, i) => {
      if (!initiative.counties.includes(a.countyCode)) ctx.addIssue({ code: 'custom', path: ['planActions', i, 'countyCode'], message: `${a.countyCode} is not one of the initiative's counties` });
    });
  });
export type InitiativeContent = z.infer<typeof InitiativeContent>;

const initiativeEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object({ organizationId: OrganizationId, initiativeId: InitiativeId, ...shape }) });

/** `organizationType`: the declaring organisation's type when it declared (the map filters by it). */
export const InitiativeDeclaredV1 = initiativeEvent('InitiativeDeclared', { organizationType: OrganizationType, initiative: InitiativeContent });
export const InitiativeAmendedV1 = initiativeEvent('InitiativeAmended', { initiative: InitiativeContent });
export const InitiativeFeaturedV1 = initiativeEvent('InitiativeFeatured', {});
export const InitiativeChangesRequestedV1 = initiativeEvent('InitiativeChangesRequested', { reason: z.string() });
export const InitiativeClosedV1 = initiativeEvent('InitiativeClosed', { closedOn: z.iso.date(), reason: z.string().optional() });

export const InitiativeEvent = z.discriminatedUnion('type', [InitiativeDeclaredV1, InitiativeAmendedV1, InitiativeFeaturedV1, InitiativeChangesRequestedV1, InitiativeClosedV1]);
export type InitiativeEvent = z.infer<typeof InitiativeEvent>;

export const initiativeKey = (organizationId: string, initiativeId: string): string => `${organizationId}.${initiativeId}`;
/** `initiative-amani-youth.mentoring-2026`. */
export const initiativeStreamId = (organizationId: string, initiativeId: string): string => `initiative-${initiativeKey(organizationId, initiativeId)}`;

/** HTTP bodies. */
export const CloseInitiativeBody = z.object({ reason: multiLineText(5, 2000).optional() }).strict();
export const RequestInitiativeChangesBody = z.object({ reason: multiLineText(5, 2000) }).strict();

export const INITIATIVE_STATUSES = ['active', 'closed'] as const;
const Timestamp = z.iso.datetime();

/** One initiative as its organisation, the NCTC and auditors read it. */
export const InitiativeRead = InitiativeFields.extend({
    organizationId: z.string(),
    organizationName: z.string().optional(),
    organizationType: OrganizationType,
    initiativeId: z.string(),
    status: z.enum(INITIATIVE_STATUSES),
    featured: z.boolean(),
    /** The NCTC's open request for changes (cleared by the next amendment). */
    changesRequested: z.object({ reason: z.string(), at: Timestamp }).strict().optional(),
    declaredAt: Timestamp,
    updatedAt: Timestamp,
    closedOn: z.iso.date().optional(),
    /** The stream revision (ETag). */
    revision: z.number().int(),
  })
  .strict();

/** What anyone may read: no sensitive initiative, no request for changes. */
export const PublicInitiativeRead = InitiativeRead.omit({ changesRequested: true, sensitive: true, revision: true });

/**
 * Sensitive initiatives in a county, for the public: `count` is the number when it is 3 or more,
 * and the words "fewer than 3" below 3 (never 1 or 2: a small number can point at people).
 */
export const SensitiveCount = z.object({ countyCode: z.string(), count: z.union([z.number().int().min(3), z.literal('fewer than 3')]) }).strict();

export const InitiativeList = z
  .object({
    items: z.array(z.union([InitiativeRead, PublicInitiativeRead])),
    /** The public's view of sensitive initiatives (empty for the NCTC and auditors, who see them in `items`). */
    sensitiveByCounty: z.array(SensitiveCount),
  })
  .strict();
export const OwnInitiativeList = z.object({ items: z.array(InitiativeRead) }).strict();

/** Who does what where: filters of the list (a period: initiatives running at some time between `from` and `to`). */
export const InitiativeQuery = z.object({
  county: CountyCodeSchema.optional(),
  pillar: z.enum(PILLAR_IDS).optional(),
  organizationType: OrganizationType.optional(),
  organization: OrganizationId.optional(),
  status: z.enum(INITIATIVE_STATUSES).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
