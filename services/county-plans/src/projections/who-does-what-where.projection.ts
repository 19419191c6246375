import { applyOnce, type Projection, type RecordedEvent, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import { countyName, initiativeKey, periodEnd, periodStart, planActions, type ActionStatus, type BudgetBand, type MapStatus, type CountyPlanEvent, type CountyReportEvent, type InitiativeEvent, type OrganizationEvent, type ProposalEvent } from '@csm/contracts';
import { evolveFacts, rollupPillar, type CountyFacts } from './county-progress.projection';

/**
 * The map of who does what where (issue 10): the facts of three contexts, each kept as its
 * source stream tells it, so that no document depends on the order of events across streams
 * (Kafka partitions) and a replay rebuilds the same documents. The rows of `GET /map` and of the
 * open-data CSV are assembled from these on read (`http/map-read.ts`): the filters are the
 * reader's, and what depends on today (ended, planned) is decided then.
 *
 * Three projections, one per topic, so each consumer group reads one topic and waits on one relay:
 * - `county-plans.who-does-what-where` (this context): initiatives (`mapInitiatives`) and each
 *   county's plan versions and reports (`mapPlanActions`, the facts the progress projection folds);
 * - `county-plans.who-does-what-where.organizations` (registration): name, type, counties,
 *   pillars, verified now (`mapOrganizations`);
 * - `county-plans.who-does-what-where.partnerships` (proposals): what was proposed, the decision,
 *   the offer's answer, and the NCTC's sensitivity mark (`mapPartnerships`).
 */
export const MAP_ORGANIZATIONS = 'mapOrganizations';
export const MAP_PARTNERSHIPS = 'mapPartnerships';
export const MAP_INITIATIVES = 'mapInitiatives';
export const MAP_PLAN_ACTIONS = 'mapPlanActions';
/** Per county, the rows of its published plan's actions, precomputed when a plan or a report is published (what `GET /map` reads). */
export const MAP_PLAN_ACTION_ROWS = 'mapPlanActionRows';

export interface MapOrganization extends Tracked {
  _id: string;
  name: string;
  type: string;
  counties: string[];
  pillars: string[];
  verified: boolean;
}

/** What was proposed: the full proposal once there is one, else the concept note (a direct partnership starts with its title only). */
interface ProposedWork {
  title: string;
  counties: string[];
  pillars: string[];
  currency: 'KES' | 'USD';
  durationMonths?: number;
}

export interface MapPartnership extends Tracked {
  _id: string;
  organizationId: string;
  conceptNote?: ProposedWork;
  fullProposal?: ProposedWork;
  /** The NCTC's recommendation marked the work sensitive. */
  sensitive: boolean;
  decision?: { decision: 'approved' | 'rejected'; amount?: number; on: string };
  offer?: { response: 'accepted' | 'declined'; on: string };
}

export interface MapInitiative extends Tracked {
  _id: string;
  organizationId: string;
  organizationType: string;
  title: string;
  counties: string[];
  pillars: string[];
  startsOn: string;
  endsOn?: string;
  budgetBand: BudgetBand;
  sensitive: boolean;
  closedOn?: string;
}

export interface MapCountyPlan extends Tracked {
  _id: string;
  facts: CountyFacts;
}

/**
 * A published plan's action as the map shows it (`MapRow` of kind `plan-action`, and whether it
 * is sensitive: then only counted): status from the latest published report (none yet:
 * `planned`), pillar in the 2016 taxonomy as the roll-up reads it. The lead by the plan's name;
 * a lead naming a registered organisation is read by its registered name and type on read
 * (registration's stream, not this one).
 */
export interface PlanActionRow {
  kind: 'plan-action';
  id: string;
  countyCode: string;
  countyName: string;
  organizationId?: string;
  organizationName: string;
  activity: string;
  pillars: string[];
  status: MapStatus;
  startsOn: string;
  endsOn: string;
  budget: { currency: 'KES'; amount: number };
  sensitive: boolean;
}

const ACTION_STATUS: Record<ActionStatus, MapStatus> = { 'not-started': 'planned', 'on-track': 'ongoing', delayed: 'ongoing', completed: 'ended', dropped: 'ended' };

export interface MapPlanActionRows extends Tracked {
  _id: string;
  rows: PlanActionRow[];
}

/** The actions of a county's published plan, with the status its latest published report gives them. */
export const planActionRowsOf = (facts: CountyFacts): PlanActionRow[] => {
  const plan = facts.publishedVersion !== undefined ? facts.versions[String(facts.publishedVersion)] : undefined;
  if (!plan) return [];
  let latest: string | undefined;
  for (const [period, report] of Object.entries(facts.reports)) if (report.published && (latest === undefined || period > latest)) latest = period;
  const statuses = new Map((latest !== undefined ? (facts.reports[latest]!.published?.report.actions ?? []) : []).map((a) => [a.actionId, a.status]));
  const pillarOf = rollupPillar(plan);
  return planActions(plan).map(({ pillarId, action }) => {
    const pillar = pillarOf(pillarId);
    const reported = statuses.get(action.id);
    return {
      kind: 'plan-action' as const,
      id: `${facts.countyCode}/${action.id}`,
      countyCode: facts.countyCode,
      countyName: countyName(facts.countyCode) ?? facts.countyCode,
      ...(action.lead.organizationId !== undefined ? { organizationId: action.lead.organizationId } : {}),
      organizationName: action.lead.name,
      activity: action.title,
      pillars: pillar !== undefined ? [pillar] : [],
      status: reported ? ACTION_STATUS[reported] : 'planned',
      startsOn: periodStart(action.timeframe.from),
      endsOn: periodEnd(action.timeframe.to),
      budget: { currency: 'KES' as const, amount: action.budgetKes },
      sensitive: action.sensitive,
    };
  });
};

/** What changes the map's rows of a county's plan actions: a plan or a report published. */
const PUBLISHING = new Set(['CountyPlanPublished', 'CountyReportPublished']);

const eventOf = <E>(recorded: RecordedEvent) => ({ type: recorded.type, version: recorded.version, data: recorded.data }) as E;
const dayOf = (recorded: RecordedEvent) => recorded.metadata.occurredAt.slice(0, 10);

export const mapOrganizationsProjection: Projection = {
  name: 'county-plans.who-does-what-where.organizations',
  eventTypes: ['OrganizationRegistered', 'OrganizationProfileAmended', 'OrganizationVerified', 'OrganizationReinstated', 'OrganizationRejected', 'OrganizationSuspended'],
  apply: async (recorded, readModels) => {
    const event = eventOf<OrganizationEvent>(recorded);
    const collection: Collection<MapOrganization> = readModels.collection(MAP_ORGANIZATIONS);
    await applyOnce(collection, event.data.organizationId, recorded, (current) => {
      switch (event.type) {
        case 'OrganizationRegistered': {
          const { name, type, counties, pillars } = event.data.profile;
          return { _id: event.data.organizationId, name, type, counties: [...counties], pillars: [...pillars], verified: false };
        }
        case 'OrganizationProfileAmended': {
          const { name, type, counties, pillars } = event.data.profile;
          return current && { ...current, name, type, counties: [...counties], pillars: [...pillars] };
        }
        case 'OrganizationVerified':
        case 'OrganizationReinstated':
          return current && { ...current, verified: true };
        case 'OrganizationRejected':
        case 'OrganizationSuspended':
          return current && { ...current, verified: false };
        default:
          return current;
      }
    });
  },
};

export const mapPartnershipsProjection: Projection = {
  name: 'county-plans.who-does-what-where.partnerships',
  eventTypes: ['ConceptNoteSubmitted', 'ConceptNoteAmended', 'DirectPartnershipOpened', 'FullProposalSubmitted', 'FullProposalAmended', 'RecommendationRecorded', 'DecisionRecorded', 'OfferAccepted', 'OfferDeclined'],
  apply: async (recorded, readModels) => {
    const event = eventOf<ProposalEvent>(recorded);
    const collection: Collection<MapPartnership> = readModels.collection(MAP_PARTNERSHIPS);
    const on = dayOf(recorded);
    await applyOnce(collection, event.data.proposalId, recorded, (current): Omit<MapPartnership, '_applied'> | null => {
      switch (event.type) {
        case 'ConceptNoteSubmitted':
        case 'ConceptNoteAmended': {
          const note = event.data.conceptNote;
          const conceptNote: ProposedWork = { title: note.title, counties: [...note.counties], pillars: [...note.pillars], currency: note.requestedBudget.currency, durationMonths: note.durationMonths };
          if (event.type === 'ConceptNoteSubmitted') return { _id: event.data.proposalId, organizationId: event.data.organizationId, conceptNote, sensitive: false };
          return current && { ...current, conceptNote };
        }
        case 'DirectPartnershipOpened':
          return { _id: event.data.proposalId, organizationId: event.data.organizationId, sensitive: false };
        case 'FullProposalSubmitted':
        case 'FullProposalAmended': {
          const full = event.data.fullProposal;
          return current && { ...current, fullProposal: { title: full.title, counties: [...full.counties], pillars: [...full.pillars], currency: full.budget.currency, durationMonths: full.durationMonths } };
        }
        case 'RecommendationRecorded':
          return current && { ...current, sensitive: event.data.sensitive === true };
        case 'DecisionRecorded':
          return current && { ...current, decision: { decision: event.data.decision, ...(event.data.amount !== undefined ? { amount: event.data.amount } : {}), on } };
        case 'OfferAccepted':
          return current && { ...current, offer: { response: 'accepted', on } };
        case 'OfferDeclined':
          return current && { ...current, offer: { response: 'declined', on } };
        default:
          return current;
      }
    });
  },
};

const PLAN_EVENT_TYPES = ['CountyPlanDrafted', 'CountyPlanDraftAmended', 'CountyPlanPublished', 'CountyReportDrafted', 'CountyReportDraftAmended', 'CountyReportSubmitted', 'CountyReportPublished'];
const INITIATIVE_EVENT_TYPES = ['InitiativeDeclared', 'InitiativeAmended', 'InitiativeClosed'];

const nextInitiative = (current: MapInitiative | null, event: InitiativeEvent): Omit<MapInitiative, '_applied'> | null => {
  const { organizationId, initiativeId } = event.data;
  const content = (initiative: Extract<InitiativeEvent, { type: 'InitiativeDeclared' | 'InitiativeAmended' }>['data']['initiative']) => ({
    title: initiative.title,
    counties: [...initiative.counties],
    pillars: [...initiative.pillars],
    startsOn: initiative.startsOn,
    ...(initiative.endsOn !== undefined ? { endsOn: initiative.endsOn } : {}),
    budgetBand: initiative.budgetBand,
    sensitive: initiative.sensitive,
  });
  switch (event.type) {
    case 'InitiativeDeclared':
      return { _id: initiativeKey(organizationId, initiativeId), organizationId, organizationType: event.data.organizationType, ...content(event.data.initiative) };
    case 'InitiativeAmended': {
      if (!current) return null;
      const { endsOn: _replaced, ...rest } = current;
      return { ...rest, ...content(event.data.initiative) };
    }
    case 'InitiativeClosed':
      return current && { ...current, closedOn: event.data.closedOn };
    default:
      return current;
  }
};

export const whoDoesWhatWhereProjection: Projection = {
  name: 'county-plans.who-does-what-where',
  eventTypes: [...PLAN_EVENT_TYPES, ...INITIATIVE_EVENT_TYPES],
  apply: async (recorded, readModels) => {
    if (INITIATIVE_EVENT_TYPES.includes(recorded.type)) {
      const event = eventOf<InitiativeEvent>(recorded);
      const collection: Collection<MapInitiative> = readModels.collection(MAP_INITIATIVES);
      await applyOnce(collection, initiativeKey(event.data.organizationId, event.data.initiativeId), recorded, (current) => nextInitiative(current, event));
      return;
    }
    const event = eventOf<CountyPlanEvent | CountyReportEvent>(recorded);
    const code = event.data.countyCode;
    const collection: Collection<MapCountyPlan> = readModels.collection(MAP_PLAN_ACTIONS);
    await applyOnce(collection, code, recorded, (current) => ({
      _id: code,
      facts: evolveFacts(current?.facts ?? { countyCode: code, versions: {}, reports: {} }, event, recorded.metadata.occurredAt),
    }));
    if (!PUBLISHING.has(recorded.type)) return;
    const facts = (await collection.findOne({ _id: code }))?.facts;
    const rows: Collection<MapPlanActionRows> = readModels.collection(MAP_PLAN_ACTION_ROWS);
    await applyOnce(rows, code, recorded, () => ({ _id: code, rows: facts ? planActionRowsOf(facts) : [] }));
  },
};
