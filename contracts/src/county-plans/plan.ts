import { z } from 'zod';
import { multiLineText, singleLineText } from '../text';
import { COUNTY_CODES } from '../reference/counties';
import { OrganizationId } from '../registration/profile';
import { Period, periodIndex } from './periods';
import { PLAN_TAXONOMY_IDS, taxonomyOf } from './taxonomy';
import { SENSITIVITY_REVIEW_MISSING, SensitivityReview, SensitivityReviewBody } from './sensitivity';

/**
 * County Action Plans (county-plans context): one stream per county, `countyPlan-<code>`,
 * holding every version of its plan. A version is drafted by a county officer of that county,
 * submitted, endorsed or returned by the county's engagement-forum secretariat, then approved
 * and published or returned by the NCTC. A published version is never edited: a revision is a
 * new version.
 */
export const CountyCodeSchema = z.enum(COUNTY_CODES);

/** Ids inside a plan (priorities, actions, indicators): chosen by the county, unique in the plan. */
export const PlanItemId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, 'lowercase letters, digits and inner hyphens, 2 to 64 characters');

/**
 * What an indicator counts in, and the values it can take (baseline, target and every reported
 * value are checked against it).
 */
export const INDICATOR_UNITS = ['count', 'percent', 'kes', 'number', 'yes-no'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/** Why `value` is not a value of `unit`, or undefined when it is. */
export const unitValueProblem = (unit: IndicatorUnit, value: number): string | undefined => {
  if (!Number.isFinite(value)) return 'must be a finite number';
  switch (unit) {
    case 'count':
    case 'kes':
      return Number.isInteger(value) && value >= 0 ? undefined : `must be a whole number of at least 0 (${unit})`;
    case 'percent':
      return value >= 0 && value <= 100 ? undefined : 'must be a percentage from 0 to 100';
    case 'number':
      return value >= 0 ? undefined : 'must be at least 0';
    case 'yes-no':
      return value === 0 || value === 1 ? undefined : 'must be 0 (no) or 1 (yes)';
    default: {
      const unknown: never = unit;
      return `unknown unit ${String(unknown)}`;
    }
  }
};

/** Why `value` is not a value of the indicator (its unit, then its range), or undefined when it is. */
export const indicatorValueProblem = (indicator: { unit: IndicatorUnit; range?: { min: number; max: number } | undefined }, value: number): string | undefined => {
  const problem = unitValueProblem(indicator.unit, value);
  if (problem) return problem;
  const { range } = indicator;
  if (range && (value < range.min || value > range.max)) return `must be from ${range.min} to ${range.max}`;
  return undefined;
};

export const INDICATOR_FREQUENCIES = ['quarterly', 'semi-annual', 'annual'] as const;

export const Indicator = z
  .object({
    id: PlanItemId,
    name: singleLineText(3, 300),
    unit: z.enum(INDICATOR_UNITS),
    baseline: z.number(),
    target: z.number(),
    frequency: z.enum(INDICATOR_FREQUENCIES),
    /** The values the indicator can take beyond its unit's own bounds (a count of 47 counties at most, say). */
    range: z.object({ min: z.number(), max: z.number() }).strict().refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['min'] }).optional(),
  })
  .strict()
  .superRefine((indicator, ctx) => {
    for (const field of ['baseline', 'target'] as const) {
      const problem = indicatorValueProblem(indicator, indicator[field]);
      if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem });
    }
  });
export type Indicator = z.infer<typeof Indicator>;

/** An organisation acting in the plan: by its registration id when it is registered, always by name. */
export const PlanOrganization = z.object({ name: singleLineText(2, 200), organizationId: OrganizationId.optional() }).strict();

const isPeriod = (value: string): boolean => Period.safeParse(value).success;

export const Timeframe = z
  .object({ from: Period, to: Period })
  .strict()
  // Refinements run even when a field failed (zod 4): compared only when both are quarters (else the issue is already at the field).
  .refine((t) => !isPeriod(t.from) || !isPeriod(t.to) || periodIndex(t.from) <= periodIndex(t.to), { message: 'the timeframe ends before it starts', path: ['to'] });

/** A pillar a county adds for itself, and the pillar of the plan's taxonomy it rolls up to (if any). */
export const CountyPillar = z
  .object({
    id: z.string().regex(/^county-[a-z0-9][a-z0-9-]{0,40}[a-z0-9]$/, 'county-<slug>: lowercase letters, digits and inner hyphens'),
    name: singleLineText(3, 200),
    mapsTo: z.string().min(2).max(64).optional(),
  })
  .strict();

/**
 * The plan's shape, complete (what is submitted, reviewed and published: every pillar has a
 * priority, every priority an action, every action an indicator) or as a draft (the officer
 * builds it an item at a time, so a pillar may still be empty; every other rule holds).
 */
const planSchemas = (complete: boolean) => {
  const atLeast = complete ? 1 : 0;
  const PlanAction = z
    .object({
      id: PlanItemId,
      title: singleLineText(5, 300),
      description: multiLineText(0, 4000).optional(),
      lead: PlanOrganization,
      partners: z.array(PlanOrganization).max(30).default([]),
      timeframe: Timeframe,
      /** Kenya shillings, whole. */
      budgetKes: z.number().int().min(0).max(1_000_000_000_000),
      indicators: z.array(Indicator).min(atLeast).max(20),
      /** Work whose detail must not be published (e.g. with returnees): later slices publish counts only. */
      sensitive: z.boolean().default(false),
    })
    .strict();

  const PlanPriority = z.object({ id: PlanItemId, title: singleLineText(5, 300), actions: z.array(PlanAction).min(atLeast).max(50) }).strict();

  const PlanPillar = z.object({ pillarId: z.string().min(2).max(64), priorities: z.array(PlanPriority).min(atLeast).max(20) }).strict();

  /** The content of one version of a county's plan. */
  const CountyPlanContent = z
    .object({
      title: singleLineText(5, 300),
      /** Which pillar taxonomy the plan is written against. */
      taxonomy: z.enum(PLAN_TAXONOMY_IDS),
      countyPillars: z.array(CountyPillar).max(10).default([]),
      timeframe: Timeframe,
      pillars: z.array(PlanPillar).min(atLeast).max(25),
    })
    .strict()
    .superRefine((plan, ctx) => {
      // Refinements run even when a field failed (zod 4): an unknown taxonomy is already an issue at `taxonomy`.
      const taxonomy = taxonomyOf(plan.taxonomy);
      if (!taxonomy) return;
      const standard = new Set(taxonomy.pillars.map((p) => p.id));
      const own = new Set(plan.countyPillars.map((p) => p.id));
      plan.countyPillars.forEach((pillar, i) => {
        if (pillar.mapsTo !== undefined && !standard.has(pillar.mapsTo)) {
          ctx.addIssue({ code: 'custom', path: ['countyPillars', i, 'mapsTo'], message: `not a pillar of ${plan.taxonomy}` });
        }
      });
      if (own.size !== plan.countyPillars.length) ctx.addIssue({ code: 'custom', path: ['countyPillars'], message: 'county pillar ids must be unique' });
      const seen = { pillar: new Set<string>(), priority: new Set<string>(), action: new Set<string>(), indicator: new Set<string>() };
      const unique = (kind: keyof typeof seen, id: string, path: (string | number)[]) => {
        if (seen[kind].has(id)) ctx.addIssue({ code: 'custom', path, message: `${kind} id ${id} is used twice in the plan` });
        seen[kind].add(id);
      };
      const within = isPeriod(plan.timeframe.from) && isPeriod(plan.timeframe.to);
      const from = within ? periodIndex(plan.timeframe.from) : 0;
      const to = within ? periodIndex(plan.timeframe.to) : 0;
      plan.pillars.forEach((pillar, p) => {
        if (!standard.has(pillar.pillarId) && !own.has(pillar.pillarId)) {
          ctx.addIssue({ code: 'custom', path: ['pillars', p, 'pillarId'], message: `not a pillar of ${plan.taxonomy} nor one the county added` });
        }
        unique('pillar', pillar.pillarId, ['pillars', p, 'pillarId']);
        pillar.priorities.forEach((priority, q) => {
          unique('priority', priority.id, ['pillars', p, 'priorities', q, 'id']);
          priority.actions.forEach((action, a) => {
            const at = ['pillars', p, 'priorities', q, 'actions', a];
            unique('action', action.id, [...at, 'id']);
            if (within && isPeriod(action.timeframe.from) && isPeriod(action.timeframe.to) && (periodIndex(action.timeframe.from) < from || periodIndex(action.timeframe.to) > to)) {
              ctx.addIssue({ code: 'custom', path: [...at, 'timeframe'], message: 'the action’s timeframe lies outside the plan’s' });
            }
            action.indicators.forEach((indicator, i) => unique('indicator', indicator.id, [...at, 'indicators', i, 'id']));
          });
        });
      });
    });
  return { PlanAction, PlanPriority, PlanPillar, CountyPlanContent };
};

const complete = planSchemas(true);
export const PlanAction = complete.PlanAction;
export type PlanAction = z.infer<typeof PlanAction>;
export const PlanPriority = complete.PlanPriority;
export const PlanPillar = complete.PlanPillar;
/** A complete version of a county's plan: what is submitted, reviewed and published. */
export const CountyPlanContent = complete.CountyPlanContent;
/** A version as drafted and amended: the same rules, but a pillar, priority or action may still be empty (checked complete at submission). */
export const CountyPlanDraftContent = planSchemas(false).CountyPlanContent;
export type CountyPlanContent = z.infer<typeof CountyPlanContent>;

/** Every action of a plan with where it sits (pillar, priority). */
export const planActions = (plan: CountyPlanContent) =>
  plan.pillars.flatMap((pillar) => pillar.priorities.flatMap((priority) => priority.actions.map((action) => ({ pillarId: pillar.pillarId, priorityId: priority.id, action }))));

export const PLAN_REVIEW_LEVELS = ['county-secretariat', 'nctc'] as const;
export type PlanReviewLevel = (typeof PLAN_REVIEW_LEVELS)[number];

export const Reasons = z.array(multiLineText(5, 2000)).min(1).max(20);

const planEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object({ countyCode: CountyCodeSchema, version: z.number().int().min(1), ...shape }) });

/** A draft may be incomplete (an empty pillar, say): the version is checked complete when it is submitted. */
export const CountyPlanDraftedV1 = planEvent('CountyPlanDrafted', { plan: CountyPlanDraftContent });
export const CountyPlanDraftAmendedV1 = planEvent('CountyPlanDraftAmended', { plan: CountyPlanDraftContent });
export const CountyPlanSubmittedV1 = planEvent('CountyPlanSubmitted', {});
/** The county secretariat reviewed the version and sends it to the NCTC. */
export const CountyPlanEndorsedV1 = planEvent('CountyPlanEndorsed', {});
export const CountyPlanReturnedV1 = planEvent('CountyPlanReturned', { level: z.enum(PLAN_REVIEW_LEVELS), reasons: z.array(z.string()) });
/** `sensitivityReview`: the NCTC's review at publication, who and when (absent in events recorded before it existed). */
export const CountyPlanApprovedV1 = planEvent('CountyPlanApproved', { sensitivityReview: SensitivityReview.optional() });
/** The version is the county's published plan from now on; `supersedes` the one that was. */
export const CountyPlanPublishedV1 = planEvent('CountyPlanPublished', { supersedes: z.number().int().min(1).optional() });

export const CountyPlanEvent = z.discriminatedUnion('type', [
  CountyPlanDraftedV1,
  CountyPlanDraftAmendedV1,
  CountyPlanSubmittedV1,
  CountyPlanEndorsedV1,
  CountyPlanReturnedV1,
  CountyPlanApprovedV1,
  CountyPlanPublishedV1,
]);
export type CountyPlanEvent = z.infer<typeof CountyPlanEvent>;

/** `countyPlan-001`: no hyphen inside the category (ARCHITECTURE §5). */
export const countyPlanStreamId = (countyCode: string): string => `countyPlan-${countyCode}`;

/** HTTP bodies. */
export const PlanReviewBody = z
  .object({ decision: z.enum(['endorse', 'return']), reasons: Reasons.optional() })
  .strict()
  .refine((b) => b.decision !== 'return' || b.reasons !== undefined, { message: 'a returned plan needs its reasons', path: ['reasons'] });
/** The NCTC's decision; approving publishes, so it carries the sensitivity review (ignored on a return). */
export const PlanDecisionBody = z
  .object({ decision: z.enum(['approve', 'return']), reasons: Reasons.optional(), sensitivityReview: SensitivityReviewBody.optional() })
  .strict()
  .refine((b) => b.decision !== 'return' || b.reasons !== undefined, { message: 'a returned plan needs its reasons', path: ['reasons'] })
  .refine((b) => b.decision !== 'approve' || b.sensitivityReview !== undefined, { message: SENSITIVITY_REVIEW_MISSING, path: ['sensitivityReview'] });

/**
 * The plan as the public reads it: actions marked sensitive (work with returnees, say) are left
 * out, with the priorities and pillars they leave empty. Nothing about them is published here;
 * the county-level counts the issue allows come with the roll-up (a later slice).
 */
export const withoutSensitiveActions = (plan: CountyPlanContent): CountyPlanContent => ({
  ...plan,
  pillars: plan.pillars
    .map((pillar) => ({
      ...pillar,
      priorities: pillar.priorities.map((priority) => ({ ...priority, actions: priority.actions.filter((action) => !action.sensitive) })).filter((priority) => priority.actions.length > 0),
    }))
    .filter((pillar) => pillar.priorities.length > 0),
});

/** Ids of the plan's sensitive actions and of their indicators: what a public report leaves out. */
export const sensitiveIds = (plan: CountyPlanContent): { actions: Set<string>; indicators: Set<string> } => {
  const sensitive = planActions(plan).filter(({ action }) => action.sensitive);
  return { actions: new Set(sensitive.map(({ action }) => action.id)), indicators: new Set(sensitive.flatMap(({ action }) => action.indicators.map((i) => i.id))) };
};
