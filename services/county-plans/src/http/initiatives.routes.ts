import type { Request } from 'express';
import { handleCommand } from '@csm/eventing';
import {
  CloseInitiativeBody,
  InitiativeContent,
  InitiativeId,
  InitiativeList,
  InitiativeQuery,
  InitiativeRead,
  initiativeKey,
  initiativeStreamId,
  NoBody,
  OrganizationId,
  OwnInitiativeList,
  planActions,
  RequestInitiativeChangesBody,
} from '@csm/contracts';
import { commandAccepted, commandMetadata, etag, ifMatchRevision, MinPosition, route, sendCommandResult, waitForPosition, type RouteSpec } from '@csm/http';
import { initiativeDecider } from '../domain/initiative.decider';
import type { InitiativeCommand, InitiativeFacts } from '../domain/initiative';
import { COUNTY_PLANS, type CountyPlanView } from '../projections/county-plans.projection';
import { INITIATIVES, type InitiativeView } from '../projections/initiatives.projection';
import { ORGANIZATIONS, type KnownOrganization } from '../projections/organizations.projection';
import { AUDITOR, HIDDEN, NCTC, notFound, publishedPlanOf, ReadQuery } from './county-access';
import type { CountyPlansDeps } from './plans.routes';

/** The organisation's own people (its `org_id`), any verified organisation's: government agencies sign in with the same role. */
const OWN_ORGANIZATION = { role: 'partner', ownOrganization: 'orgId' } as const;

/** Below this many sensitive initiatives in a county, the public reads "fewer than 3", never the number. */
export const SENSITIVE_COUNT_THRESHOLD = 3;

const orgOf = (req: Request): string => {
  const parsed = OrganizationId.safeParse(req.params.orgId);
  if (!parsed.success) throw notFound('No such organisation');
  return parsed.data;
};
const initiativeOf = (req: Request): string => {
  const parsed = InitiativeId.safeParse(req.params.initiativeId);
  if (!parsed.success) throw notFound('No such initiative');
  return parsed.data;
};

const seesEverything = (req: Request): boolean => {
  const roles = req.principal?.roles ?? [];
  return roles.includes('nctc-admin') || roles.includes('auditor');
};

type Names = Map<string, string>;
const fullRead = (view: InitiativeView, names: Names) => {
  const { _id: _key, _applied: _tracked, streamRevision, ...rest } = view;
  const name = names.get(view.organizationId);
  return { ...rest, ...(name !== undefined ? { organizationName: name } : {}), revision: streamRevision };
};
const publicRead = (view: InitiativeView, names: Names) => {
  const { changesRequested: _changes, sensitive: _sensitive, revision: _revision, ...rest } = fullRead(view, names);
  return rest;
};

/** Initiatives, read top to bottom: declare → amend (the NCTC may feature or ask for changes) → close; then the "who does what where" list. */
export const initiativesRoutes = (deps: CountyPlansDeps): RouteSpec<any, any>[] => {
  const { store, readModels } = deps;
  const initiatives = () => readModels.collection<InitiativeView>(INITIATIVES);
  const organizations = () => readModels.collection<KnownOrganization>(ORGANIZATIONS);
  const namesOf = async (views: InitiativeView[]): Promise<Names> => {
    const ids = [...new Set(views.map((v) => v.organizationId))];
    const found = ids.length ? await organizations().find({ _id: { $in: ids } }, { projection: { name: 1 } }) : [];
    return new Map(found.map((o) => [o._id, o.name]));
  };

  /** The registration facts (this service's read model of them) and the cited plan actions (the plans' events). */
  /**
   * `<county>/<action>` of every action marked sensitive in any version of these counties' plans:
   * a public initiative may contribute to one, but the public never learns of it (do no harm).
   */
  const sensitiveActionsOf = async (views: InitiativeView[]): Promise<Set<string>> => {
    const counties = [...new Set(views.flatMap((v) => v.planActions.map((a) => a.countyCode)))];
    const plans = counties.length ? await readModels.collection<CountyPlanView>(COUNTY_PLANS).find({ _id: { $in: counties } }, { projection: HIDDEN }) : [];
    return new Set(plans.flatMap((plan) => plan.versions.flatMap((v) => planActions(v.plan).filter(({ action }) => action.sensitive).map(({ action }) => `${plan.countyCode}/${action.id}`))));
  };
  const factsOf = async (organizationId: string, initiative: InitiativeContent): Promise<InitiativeFacts> => {
    const wanted = [organizationId, ...initiative.partners];
    const known = new Map((await organizations().find({ _id: { $in: wanted } }, { projection: HIDDEN })).map((o) => [o._id, o]));
    const organization = known.get(organizationId);
    const unknownPartners = initiative.partners.filter((p) => !known.get(p)?.verified);
    const unknownPlanActions: InitiativeFacts['unknownPlanActions'] = [];
    const plans = new Map<string, Set<string>>();
    for (const ref of initiative.planActions) {
      if (!plans.has(ref.countyCode)) {
        const plan = await publishedPlanOf(store, ref.countyCode);
        plans.set(ref.countyCode, new Set(plan ? planActions(plan.plan).map(({ action }) => action.id) : []));
      }
      if (!plans.get(ref.countyCode)!.has(ref.actionId)) unknownPlanActions.push(ref);
    }
    return { ...(organization ? { organization: { verified: organization.verified, type: organization.type } } : {}), unknownPartners, unknownPlanActions };
  };

  const dispatch = async (req: Request, build: (organizationId: string, initiativeId: string) => Promise<Omit<InitiativeCommand, 'metadata'>> | Omit<InitiativeCommand, 'metadata'>) => {
    const organizationId = orgOf(req);
    const initiativeId = initiativeOf(req);
    const command = { ...(await build(organizationId, initiativeId)), metadata: commandMetadata(req) } as InitiativeCommand;
    return handleCommand(store, initiativeDecider, initiativeStreamId(organizationId, initiativeId), command, { ifMatchRevision: ifMatchRevision(req) });
  };
  const path = '/organizations/:orgId/initiatives/:initiativeId';

  return [
    route({
      method: 'get',
      path: '/initiatives',
      summary:
        'Who does what where: initiatives by county, pillar, organisation type, organisation, status and period. The public never sees a sensitive initiative: only `sensitiveByCounty`, the number per county when it is 3 or more and "fewer than 3" below 3. The NCTC and auditors see every initiative in `items`.',
      access: 'public',
      query: InitiativeQuery.extend({ minPosition: MinPosition }),
      success: { status: 200, description: 'Initiatives (featured first, then by title), and the public count of sensitive ones per county', body: InitiativeList },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const filter: Record<string, unknown> = {};
        if (query.county) filter.counties = query.county;
        if (query.pillar) filter.pillars = query.pillar;
        if (query.organizationType) filter.organizationType = query.organizationType;
        if (query.organization) filter.organizationId = query.organization;
        if (query.status) filter.status = query.status;
        if (query.to) filter.startsOn = { $lte: query.to };
        if (query.from) filter.$or = [{ endsOn: { $exists: false } }, { endsOn: { $gte: query.from } }];
        const found = await initiatives().find(filter, { projection: HIDDEN });
        found.sort((a, b) => Number(b.featured) - Number(a.featured) || a.title.localeCompare(b.title) || a._id.localeCompare(b._id));
        const names = await namesOf(found);
        if (seesEverything(req)) {
          res.json({ items: found.map((v) => fullRead(v, names)), sensitiveByCounty: [] });
          return;
        }
        const counts = new Map<string, number>();
        for (const view of found.filter((v) => v.sensitive)) {
          for (const county of view.counties) if (!query.county || county === query.county) counts.set(county, (counts.get(county) ?? 0) + 1);
        }
        const sensitiveByCounty = [...counts.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([countyCode, count]) => ({ countyCode, count: count >= SENSITIVE_COUNT_THRESHOLD ? count : ('fewer than 3' as const) }));
        const shown = found.filter((v) => !v.sensitive);
        const hidden = await sensitiveActionsOf(shown);
        const withoutSensitiveLinks = (v: InitiativeView): InitiativeView => ({ ...v, planActions: v.planActions.filter((a) => !hidden.has(`${a.countyCode}/${a.actionId}`)) });
        res.json({ items: shown.map((v) => publicRead(withoutSensitiveLinks(v), names)), sensitiveByCounty });
      },
    }),
    route({
      method: 'get',
      path: '/organizations/:orgId/initiatives',
      summary: 'An organisation’s own initiatives, sensitive ones and the NCTC’s requests for changes included (its people, the NCTC, auditors)',
      access: [OWN_ORGANIZATION, NCTC, AUDITOR],
      query: ReadQuery,
      success: { status: 200, description: 'The organisation’s initiatives, newest first', body: OwnInitiativeList },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const found = await initiatives().find({ organizationId: orgOf(req) }, { sort: { declaredAt: -1 }, projection: HIDDEN });
        const names = await namesOf(found);
        res.json({ items: found.map((v) => fullRead(v, names)) });
      },
    }),
    route({
      method: 'get',
      path,
      summary: 'One initiative (its organisation’s people, the NCTC, auditors)',
      access: [OWN_ORGANIZATION, NCTC, AUDITOR],
      query: ReadQuery,
      success: { status: 200, description: 'The initiative (ETag: its stream revision)', body: InitiativeRead },
      responses: { 404: 'No such initiative' },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const view = await initiatives().findOne({ _id: initiativeKey(orgOf(req), initiativeOf(req)) }, { projection: HIDDEN });
        if (!view) throw notFound('No such initiative');
        res.set('ETag', etag(BigInt(view.streamRevision))).json(fullRead(view, await namesOf([view])));
      },
    }),
    route({
      method: 'post',
      path,
      summary: 'Declare an initiative (a verified organisation’s people; partners must be verified organisations, plan actions in the county’s published plan)',
      access: [OWN_ORGANIZATION],
      body: InitiativeContent,
      success: commandAccepted(201, 'Declared'),
      responses: { 403: 'The organisation is not verified', 404: 'No such organisation or initiative id', 409: 'Already declared', 422: 'A partner is not a verified organisation, or a plan action is not in the county’s published plan' },
      handler: async ({ req, res, body }) => {
        const result = await dispatch(req, async (organizationId, initiativeId) => ({
          type: 'DeclareInitiative',
          data: { organizationId, initiativeId, initiative: body, facts: await factsOf(organizationId, body) },
        }));
        res.location(`/organizations/${orgOf(req)}/initiatives/${initiativeOf(req)}`);
        sendCommandResult(res, 201, result);
      },
    }),
    route({
      method: 'put',
      path,
      summary: 'Keep an initiative current: its whole new content (answers an open request for changes)',
      access: [OWN_ORGANIZATION],
      body: InitiativeContent,
      success: commandAccepted(202, 'Amended'),
      responses: { 403: 'The organisation is not verified', 404: 'No such initiative', 409: 'Closed', 422: 'A partner is not a verified organisation, or a plan action is not in the county’s published plan' },
      handler: async ({ req, res, body }) =>
        sendCommandResult(
          res,
          202,
          await dispatch(req, async (organizationId, initiativeId) => ({
            type: 'AmendInitiative',
            data: { organizationId, initiativeId, initiative: body, facts: await factsOf(organizationId, body) },
          })),
        ),
    }),
    route({
      method: 'post',
      path: `${path}/close`,
      summary: 'Close an initiative (the work has ended), optionally with a reason',
      access: [OWN_ORGANIZATION],
      body: CloseInitiativeBody,
      success: commandAccepted(202, 'Closed'),
      responses: { 404: 'No such initiative', 409: 'Already closed' },
      handler: async ({ req, res, body }) =>
        sendCommandResult(res, 202, await dispatch(req, (organizationId, initiativeId) => ({ type: 'CloseInitiative', data: { organizationId, initiativeId, ...(body.reason ? { reason: body.reason } : {}) } }))),
    }),
    route({
      method: 'post',
      path: `${path}/feature`,
      summary: 'The NCTC features an initiative (listed first)',
      access: [NCTC],
      body: NoBody,
      success: commandAccepted(202, 'Featured'),
      responses: { 404: 'No such initiative', 409: 'Closed, or already featured' },
      handler: async ({ req, res }) => sendCommandResult(res, 202, await dispatch(req, (organizationId, initiativeId) => ({ type: 'FeatureInitiative', data: { organizationId, initiativeId } }))),
    }),
    route({
      method: 'post',
      path: `${path}/changes-requested`,
      summary: 'The NCTC asks the organisation for changes, with the reason (the organisation answers by amending)',
      access: [NCTC],
      body: RequestInitiativeChangesBody,
      success: commandAccepted(202, 'Changes requested'),
      responses: { 404: 'No such initiative', 409: 'Closed' },
      handler: async ({ req, res, body }) =>
        sendCommandResult(res, 202, await dispatch(req, (organizationId, initiativeId) => ({ type: 'RequestInitiativeChanges', data: { organizationId, initiativeId, reason: body.reason } }))),
    }),
  ];
};
