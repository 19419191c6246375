import {
  BUDGET_BAND_KES,
  COUNTY_CODES,
  countyName,
  periodEnd,
  periodStart,
  planActions,
  type ActionStatus,
  type MapQuery,
  type MapRead,
  type MapRow,
  type MapStatus,
} from '@csm/contracts';
import { masked, rollupPillar } from '../projections/county-progress.projection';
import type { MapCountyPlan, MapInitiative, MapOrganization, MapPartnership } from '../projections/who-does-what-where.projection';

/** The map's facts as the projections keep them. */
export interface MapSources {
  organizations: MapOrganization[];
  partnerships: MapPartnership[];
  initiatives: MapInitiative[];
  plans: MapCountyPlan[];
  /** Awards sensitive by the plan (their call names a sensitive action): counted, never rows. */
  sensitiveAwards: ReadonlySet<string>;
}

/** A row before publication: sensitive ones are only counted per county, never returned. */
type Candidate = MapRow & { sensitive: boolean };

const ACTION_STATUS: Record<ActionStatus, MapStatus> = { 'not-started': 'planned', 'on-track': 'ongoing', delayed: 'ongoing', completed: 'ended', dropped: 'ended' };

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
 * The actions of each county's published plan, with the status its latest published report
 * gives them (none reported yet: planned). Pillars in the 2016 taxonomy, as the roll-up reads them.
 */
const planActionRows = (plans: MapCountyPlan[], organizations: Map<string, MapOrganization>): Candidate[] =>
  plans.flatMap(({ facts }) => {
    const plan = facts.publishedVersion !== undefined ? facts.versions[String(facts.publishedVersion)] : undefined;
    if (!plan) return [];
    const latest = Object.entries(facts.reports)
      .filter(([, r]) => r.published)
      .sort(([a], [b]) => b.localeCompare(a))[0];
    const statuses = new Map((latest?.[1].published?.report.actions ?? []).map((a) => [a.actionId, a.status]));
    const pillarOf = rollupPillar(plan);
    return planActions(plan).map(({ pillarId, action }) => {
      const lead = action.lead.organizationId !== undefined ? organizations.get(action.lead.organizationId) : undefined;
      const pillar = pillarOf(pillarId);
      const reported = statuses.get(action.id);
      return {
        kind: 'plan-action' as const,
        id: `${facts.countyCode}/${action.id}`,
        ...place(facts.countyCode),
        ...(action.lead.organizationId !== undefined ? { organizationId: action.lead.organizationId } : {}),
        organizationName: lead?.name ?? action.lead.name,
        ...(lead ? { organizationType: lead.type as NonNullable<MapRow['organizationType']> } : {}),
        activity: action.title,
        pillars: pillar !== undefined ? [pillar] : [],
        status: reported ? ACTION_STATUS[reported] : 'planned',
        startsOn: periodStart(action.timeframe.from),
        endsOn: periodEnd(action.timeframe.to),
        budget: { currency: 'KES' as const, amount: action.budgetKes },
        sensitive: action.sensitive,
      };
    });
  });

const KIND_ORDER = ['organisation', 'initiative', 'partnership', 'plan-action'];

const matches = (row: Candidate, query: MapQuery): boolean => {
  if (query.kind && row.kind !== query.kind) return false;
  if (query.pillar && !row.pillars.includes(query.pillar)) return false;
  if (query.orgType && row.organizationType !== query.orgType) return false;
  if (query.status && row.status !== query.status) return false;
  if (query.period) {
    // Active during the quarter; a row without dates (an organisation) is there throughout.
    if (row.startsOn !== undefined && row.startsOn > periodEnd(query.period)) return false;
    if (row.endsOn !== undefined && row.endsOn < periodStart(query.period)) return false;
  }
  return true;
};

/** An actor is an organisation: by its id, or by its name when a plan names one that is not registered. */
const actorOf = (row: MapRow): string | undefined => row.organizationId ?? (row.organizationName !== undefined ? `name:${row.organizationName}` : undefined);

/** What `GET /map` answers, and what the CSV writes: the filtered public rows and the 47 counties' figures. */
export const mapRead = (sources: MapSources, query: MapQuery, today: string): MapRead => {
  const verified = new Map(sources.organizations.filter((o) => o.verified).map((o) => [o._id, o]));
  const known = new Map(sources.organizations.map((o) => [o._id, o]));
  const candidates = [
    ...organisationRows(sources.organizations),
    ...initiativeRows(sources.initiatives, verified, today),
    ...partnershipRows(sources.partnerships, verified, today).map((row) => (sources.sensitiveAwards.has(row.id) ? { ...row, sensitive: true } : row)),
    ...planActionRows(sources.plans, known),
  ].filter((row) => matches(row, query));
  const rows: MapRow[] = candidates
    .filter((row) => !row.sensitive)
    .map(({ sensitive: _sensitive, ...row }) => row)
    .sort(
      (a, b) =>
        a.countyCode.localeCompare(b.countyCode) ||
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        (a.organizationName ?? '').localeCompare(b.organizationName ?? '') ||
        (a.activity ?? '').localeCompare(b.activity ?? '') ||
        a.id.localeCompare(b.id),
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
  return { filters: query, counties, rows, totals: { actors: actors.size, activities: activities.size } };
};
