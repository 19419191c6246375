import { z } from 'zod';
import { ORGANIZATION_TYPES } from '../registration/profile';
import { Period } from './periods';
import { MaskedCount } from './views';

/**
 * The map of who does what where (issue 10): one read model fed by three contexts' topics —
 * registration (organisations and the counties and pillars they work in), proposals (awarded
 * partnerships) and county plans (initiatives and the actions of published plans). The portal
 * draws it as a map of the 47 counties with the same data as a table; open data exports read
 * the same rows.
 */

/** What a row stands for. `organisation`: an organisation says it works there (its profile). */
export const MAP_ROW_KINDS = ['organisation', 'initiative', 'partnership', 'plan-action'] as const;
export type MapRowKind = (typeof MAP_ROW_KINDS)[number];

/**
 * One status across the kinds, so a filter means the same everywhere:
 * - `planned`: not started yet (initiative or partnership starting later, action not started);
 * - `ongoing`: under way (initiative open, partnership accepted and running, action on track or delayed);
 * - `ended`: over (initiative closed or past its end, partnership past its end, action completed or dropped).
 * Organisation rows are always `ongoing` while the organisation is verified.
 */
export const MAP_STATUSES = ['planned', 'ongoing', 'ended'] as const;
export type MapStatus = (typeof MAP_STATUSES)[number];

/** What the map is coloured by: distinct organisations acting in a county, or activities there. */
export const MAP_MEASURES = ['actors', 'activities'] as const;
export type MapMeasure = (typeof MAP_MEASURES)[number];

/** Query of `GET /map` (all optional; `period` is a quarter such as `2025-Q3`: rows active during it). */
export const MapQuery = z
  .object({
    pillar: z.string().min(1).max(60).optional(),
    orgType: z.enum(ORGANIZATION_TYPES).optional(),
    status: z.enum(MAP_STATUSES).optional(),
    period: Period.optional(),
    kind: z.enum(MAP_ROW_KINDS).optional(),
    measure: z.enum(MAP_MEASURES).default('actors'),
    /** Optional page of the rows (the unfiltered map is thousands of rows): at most `limit` rows from `offset`; counties and totals stay over all matching rows. */
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
    offset: z.coerce.number().int().min(0).optional(),
  })
  .strict();
export type MapQuery = z.infer<typeof MapQuery>;

/** One public row: never a sensitive one (those are only counted per county). Pillars are NSCVE 2016 ids. */
export const MapRow = z
  .object({
    kind: z.enum(MAP_ROW_KINDS),
    /** Stable id of what the row stands for: organisation id, `<orgId>.<initiativeId>`, proposal id, `<countyCode>/<actionId>`. */
    id: z.string(),
    countyCode: z.string(),
    countyName: z.string(),
    organizationId: z.string().optional(),
    organizationName: z.string().optional(),
    organizationType: z.enum(ORGANIZATION_TYPES).optional(),
    /** The activity: initiative or partnership title, plan action text; absent for organisation rows. */
    activity: z.string().optional(),
    pillars: z.array(z.string()),
    status: z.enum(MAP_STATUSES),
    startsOn: z.iso.date().optional(),
    endsOn: z.iso.date().optional(),
    /** Budget in KES for this row as published: an awarded amount or a plan action's budget; an initiative's band as its lower bound with `band`. */
    budget: z.object({ currency: z.enum(['KES', 'USD']), amount: z.number().int().min(0), band: z.string().optional() }).strict().optional(),
  })
  .strict();
export type MapRow = z.infer<typeof MapRow>;

export const MapCounty = z
  .object({
    countyCode: z.string(),
    countyName: z.string(),
    /** Distinct organisations in the non-sensitive rows. */
    actors: z.number().int().min(0),
    /** Non-sensitive initiative, partnership and plan-action rows. */
    activities: z.number().int().min(0),
    /** Sensitive activities matching the filters, as a masked count only. */
    sensitiveActivities: MaskedCount,
    /** The figure the map is coloured by (`actors` or `activities`, per `measure`). */
    value: z.number().int().min(0),
  })
  .strict();
export type MapCounty = z.infer<typeof MapCounty>;

/** `GET /map`: all 47 counties, always, plus the matching public rows. */
export const MapRead = z
  .object({
    filters: MapQuery,
    counties: z.array(MapCounty).length(47),
    rows: z.array(MapRow),
    totals: z.object({ actors: z.number().int().min(0), activities: z.number().int().min(0) }).strict(),
    /** Present when `limit` or `offset` was asked: the page returned and how many public rows match in all. */
    page: z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).optional(), total: z.number().int().min(0) }).strict().optional(),
  })
  .strict();
export type MapRead = z.infer<typeof MapRead>;
