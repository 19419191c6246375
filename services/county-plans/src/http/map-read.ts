import {
  BUDGET_BAND_KES,
  COUNTY_CODES,
  countyName,
  periodEnd,
  periodStart,
  type MapQuery,
  type MapRead,
  type MapRow,
  type MapStatus,
} from '@csm/contracts';
import { masked } from '../projections/county-progress.projection';
import { planActionRowsOf, type MapCountyPlan, type MapInitiative, type MapOrganization, type MapPartnership, type PlanActionRow } from '../projections/who-does-what-where.projection';

/** The map's facts as the projections keep them. */
export interface MapSources {
  organizations: MapOrganization[];
  partnerships: MapPartnership[];
  initiatives: MapInitiative[];
  /** Each county's facts (the plan actions' rows are derived from them)… */
  plans?: MapCountyPlan[];
  /** …or the plan actions' rows the projection precomputed (what `GET /map` reads). */
  planActions?: PlanActionRow[];
  /** Awards sensitive by the plan (their call names a sensitive action): counted, never rows. */
  sensitiveAwards: ReadonlySet<string>;
}

/** A row before publication: sensitive ones are only counted per county, never returned. */
type Candidate = MapRow & { sensitive: boolean };

/** `startsOn` plus whole months, less a day: the last day of a partnership of that many months. */
const endAfterMonths = (startsOn: string, months: number): string => {
  const start = new Date(`${startsOn}T00:00:00.000Z`);
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, start.getUTCDate()) - 86_400_000);
  return end.toISOString().slice(0, 10);
};

const place = (countyCode: string) => ({ countyCode, countyName: countyName(countyCode) ?? countyCode });

const organisationRows = (organizations: MapOrganization[]): Candidate[] =>
  organizations
    .filter((o) => o.verified)
    .flatMap((o) =>
      o.counties.map((countyCode) => ({
        kind: 'organisation' as const,
        id: o._id,
        ...place(countyCode),
        organizationId: o._id,
        organizationName: o.name,
        organizationType: o.type as MapRow['organizationType'] & string,
        pillars: [...o.pillars],
        status: 'ongoing' as const,
        sensitive: false,
      })),
    );

/**
 * An approved proposal whose offer was not declined: `planned` until the organisation accepts the
 * offer, then `ongoing` from that day for the proposal's duration, `ended` after it (decided here).
 */
const partnershipRows = (partnerships: MapPartnership[], verified: Map<string, MapOrganization>, today: string): Candidate[] =>
  partnerships.flatMap((p) => {
    const organization = verified.get(p.organizationId);
    const work = p.fullProposal ?? p.conceptNote;
    if (!organization || !work || p.decision?.decision !== 'approved' || p.offer?.response === 'declined') return [];
    const startsOn = p.offer?.on ?? p.decision.on;
    const endsOn = work.durationMonths !== undefined ? endAfterMonths(startsOn, work.durationMonths) : undefined;
    const status: MapStatus = !p.offer ? 'planned' : endsOn !== undefined && endsOn < today ? 'ended' : 'ongoing';
    return work.counties.map((countyCode) => ({
      kind: 'partnership' as const,
      id: p._id,
      ...place(countyCode),
      organizationId: organization._id,
      organizationName: organization.name,
      organizationType: organization.type as NonNullable<MapRow['organizationType']>,
      activity: work.title,
      pillars: [...work.pillars],
      status,
      startsOn,
      ...(endsOn !== undefined ? { endsOn } : {}),
      ...(p.decision!.amount !== undefined ? { budget: { currency: work.currency, amount: p.decision!.amount } } : {}),
      sensitive: p.sensitive,
    }));
  });

/** Open and started: ongoing; not started yet: planned; closed or past its end: ended. */
const initiativeRows = (initiatives: MapInitiative[], verified: Map<string, MapOrganization>, today: string): Candidate[] =>
  initiatives.flatMap((i) => {
    const organization = verified.get(i.organizationId);
    if (!organization) return [];
    const endsOn = i.closedOn !== undefined && (i.endsOn === undefined || i.closedOn < i.endsOn) ? i.closedOn : i.endsOn;
    const status: MapStatus = i.closedOn !== undefined || (endsOn !== undefined && endsOn < today) ? 'ended' : i.startsOn > today ? 'planned' : 'ongoing';
    return i.counties.map((countyCode) => ({
      kind: 'initiative' as const,
      id: i._id,
      ...place(countyCode),
      organizationId: organization._id,
      organizationName: organization.name,
      organizationType: organization.type as NonNullable<MapRow['organizationType']>,
      activity: i.title,
      pillars: [...i.pillars],
      status,
      startsOn: i.startsOn,
      ...(endsOn !== undefined ? { endsOn } : {}),
      budget: { currency: 'KES' as const, amount: BUDGET_BAND_KES[i.budgetBand].min, band: i.budgetBand },
      sensitive: i.sensitive,
    }));
  });

/**
 * The actions of each county's published plan (precomputed by the projection, or from the facts):
 * as they are, but a lead naming a registered organisation by its name and type now.
 */
const planActionRows = (actions: PlanActionRow[], organizations: Map<string, MapOrganization>): Candidate[] =>
  actions.map((action) => {
    const lead = action.organizationId !== undefined ? organizations.get(action.organizationId) : undefined;
    if (!lead) return action;
    const { kind, id, countyCode, countyName: name, organizationId, activity, pillars, status, startsOn, endsOn, budget, sensitive } = action;
    return { kind, id, countyCode, countyName: name, organizationId, organizationName: lead.name, organizationType: lead.type as NonNullable<MapRow['organizationType']>, activity, pillars, status, startsOn, endsOn, budget, sensitive };
  });

const KIND_ORDER = ['organisation', 'initiative', 'partnership', 'plan-action'];

/** The filters as one predicate; the quarter's first and last days computed once, not per row. */
const matcher = (query: MapQuery) => {
  const from = query.period !== undefined ? periodStart(query.period) : undefined;
  const to = query.period !== undefined ? periodEnd(query.period) : undefined;
  return (row: Candidate): boolean => {
    if (query.kind && row.kind !== query.kind) return false;
    if (query.pillar && !row.pillars.includes(query.pillar)) return false;
    if (query.orgType && row.organizationType !== query.orgType) return false;
    if (query.status && row.status !== query.status) return false;
    // Active during the quarter; a row without dates (an organisation) is there throughout.
    if (to !== undefined && row.startsOn !== undefined && row.startsOn > to) return false;
    if (from !== undefined && row.endsOn !== undefined && row.endsOn < from) return false;
    return true;
  };
};

/** One collator for the whole sort: the order of `localeCompare`, without building one per comparison. */
const collator = new Intl.Collator();

/** An actor is an organisation: by its id, or by its name when a plan names one that is not registered. */
const actorOf = (row: MapRow): string | undefined => row.organizationId ?? (row.organizationName !== undefined ? `name:${row.organizationName}` : undefined);

/** What `GET /map` answers, and what the CSV writes: the filtered public rows and the 47 counties' figures. */
export const mapRead = (sources: MapSources, query: MapQuery, today: string): MapRead => {
  const verified = new Map(sources.organizations.filter((o) => o.verified).map((o) => [o._id, o]));
  const known = new Map(sources.organizations.map((o) => [o._id, o]));
  const wanted = (kind: MapRow['kind']) => query.kind === undefined || query.kind === kind;
  const matches = matcher(query);
  const candidates = [
    ...(wanted('organisation') ? organisationRows(sources.organizations) : []),
    ...(wanted('initiative') ? initiativeRows(sources.initiatives, verified, today) : []),
    ...(wanted('partnership') ? partnershipRows(sources.partnerships, verified, today).map((row) => (sources.sensitiveAwards.has(row.id) ? { ...row, sensitive: true } : row)) : []),
    ...(wanted('plan-action') ? planActionRows(sources.planActions ?? (sources.plans ?? []).flatMap(({ facts }) => planActionRowsOf(facts)), known) : []),
  ].filter(matches);
  const rows: MapRow[] = candidates
    .filter((row) => !row.sensitive)
    .map(({ sensitive: _sensitive, ...row }) => row)
    .sort(
      (a, b) =>
        collator.compare(a.countyCode, b.countyCode) ||
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        collator.compare(a.organizationName ?? '', b.organizationName ?? '') ||
        collator.compare(a.activity ?? '', b.activity ?? '') ||
        collator.compare(a.id, b.id),
    );
  const perCounty = new Map<string, { actors: Set<string>; activities: number; sensitive: number }>(COUNTY_CODES.map((code) => [code, { actors: new Set(), activities: 0, sensitive: 0 }]));
  for (const row of candidates.filter((r) => r.sensitive)) perCounty.get(row.countyCode)!.sensitive += 1;
  for (const row of rows) {
    const county = perCounty.get(row.countyCode)!;
    const actor = actorOf(row);
    if (actor !== undefined) county.actors.add(actor);
    if (row.kind !== 'organisation') county.activities += 1;
  }
  const counties = COUNTY_CODES.map((countyCode) => {
    const county = perCounty.get(countyCode)!;
    const actors = county.actors.size;
    return { ...place(countyCode), actors, activities: county.activities, sensitiveActivities: masked(county.sensitive), value: query.measure === 'activities' ? county.activities : actors };
  });
  const actors = new Set(rows.map(actorOf).filter((a): a is string => a !== undefined));
  const activities = new Set(rows.filter((r) => r.kind !== 'organisation').map((r) => `${r.kind}:${r.id}`));
  const totals = { actors: actors.size, activities: activities.size };
  if (query.limit === undefined && query.offset === undefined) return { filters: query, counties, rows, totals };
  const offset = query.offset ?? 0;
  const page = rows.slice(offset, query.limit !== undefined ? offset + query.limit : undefined);
  return { filters: query, counties, rows: page, totals, page: { offset, ...(query.limit !== undefined ? { limit: query.limit } : {}), total: rows.length } };
};
