import { Router, type Request, type Response } from 'express';
import { INDICATOR_FREQUENCIES, INDICATOR_UNITS, PLAN_TAXONOMY_IDS, taxonomyOf } from '@csm/contracts';
import type { JourneyTools } from '../journey';
import type { FieldError } from '../../forms/problem-fields';
import type { ServiceProblem } from '../../service-client';
import { formText, refusalOf } from '../../forms/form-values';
import { countyNameOf, type CountyPlan, type PlanVersion } from './county-views';
import { ownCountyGuard } from './my-county.routes';
import {
  answersFrom,
  answersOf,
  findAction,
  findCountyPillar,
  findIndicator,
  findPillar,
  findPriority,
  itemErrors,
  newPlan,
  pillarChoices,
  pillarName,
  withItem,
  withoutItem,
  type Answers,
  type ItemAt,
  type ItemKind,
  type KnownOrganization,
  type PlanContent,
} from './plan-draft';

/** The county's plan as the service answers its officers (every version, and the stream revision: the ETag). */
type PlanRead = CountyPlan & { revision: number };

const WORKING: ReadonlySet<string> = new Set(['draft', 'returned']);

/** How each item's pages find it, and what it belongs to (for the form's lead line). */
interface ItemRoute {
  kind: Exclude<ItemKind, 'details'>;
  /** The address after `/my-county/:code/plan/`. */
  path: string;
  adding: boolean;
  /** Where the item (changing) or its parent (adding) sits, from the address. */
  find: (plan: PlanContent, req: Request) => ItemAt | undefined;
}

const param = (req: Request, name: string) => String(req.params[name]);
const ITEM_ROUTES: readonly ItemRoute[] = [
  { kind: 'countyPillar', path: 'county-pillars/new', adding: true, find: () => ({ pillar: -1 }) },
  { kind: 'countyPillar', path: 'county-pillars/:countyPillar/edit', adding: false, find: (plan, req) => findCountyPillar(plan, param(req, 'countyPillar')) },
  { kind: 'pillar', path: 'pillars/new', adding: true, find: () => ({ pillar: -1 }) },
  { kind: 'pillar', path: 'pillars/:pillar/edit', adding: false, find: (plan, req) => findPillar(plan, param(req, 'pillar')) },
  { kind: 'priority', path: 'pillars/:pillar/priorities/new', adding: true, find: (plan, req) => findPillar(plan, param(req, 'pillar')) },
  { kind: 'priority', path: 'priorities/:priority/edit', adding: false, find: (plan, req) => findPriority(plan, param(req, 'priority')) },
  { kind: 'action', path: 'priorities/:priority/actions/new', adding: true, find: (plan, req) => findPriority(plan, param(req, 'priority')) },
  { kind: 'action', path: 'actions/:action/edit', adding: false, find: (plan, req) => findAction(plan, param(req, 'action')) },
  { kind: 'indicator', path: 'actions/:action/indicators/new', adding: true, find: (plan, req) => findAction(plan, param(req, 'action')) },
  { kind: 'indicator', path: 'indicators/:indicator/edit', adding: false, find: (plan, req) => findIndicator(plan, param(req, 'indicator')) },
];
const REMOVE_ROUTES: readonly { kind: Exclude<ItemKind, 'details'>; path: string; find: (plan: PlanContent, id: string) => ItemAt | undefined }[] = [
  { kind: 'countyPillar', path: 'county-pillars/:id/remove', find: findCountyPillar },
  { kind: 'pillar', path: 'pillars/:id/remove', find: findPillar },
  { kind: 'priority', path: 'priorities/:id/remove', find: findPriority },
  { kind: 'action', path: 'actions/:id/remove', find: findAction },
  { kind: 'indicator', path: 'indicators/:id/remove', find: findIndicator },
];

/** What a form belongs to, said on its page (the pillar of a priority, the priority of an action, the action of an indicator): a message key and its values. */
const contextOf = (plan: PlanContent, kind: ItemKind, at: ItemAt | undefined): { key: string; pillarId?: string; title?: string } | undefined => {
  if (!at || at.pillar < 0 || kind === 'details' || kind === 'pillar') return undefined;
  const pillar = plan.pillars[at.pillar]!;
  if (kind === 'priority') return { key: 'planDraft.outline.pillar', pillarId: pillar.pillarId };
  const priority = pillar.priorities[at.priority!]!;
  if (kind === 'action') return { key: 'planDraft.item.inPriority', title: priority.title };
  return { key: 'planDraft.item.ofAction', title: priority.actions[at.action!]!.title };
};

/**
 * The county officer drafts the county's plan an item at a time (issue 10): from `/my-county/:code`,
 * start a version (its details) or revise the published one (a new version from its content);
 * the plan's overview; a small form per pillar, priority, action and indicator (add, change,
 * remove), each sending the whole version to the service with `If-Match` — the revision the page
 * was built from, so a change someone made since is refused (412) and explained, never
 * overwritten; check the plan, submit. The service decides what is valid; its refusals become
 * messages at the fields of the form that was sent.
 */
export const planDraftRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const ownCounty = ownCountyGuard(tools);
  router.use('/my-county/:code/plan', tools.requireSignIn);
  const base = (code: string) => `/my-county/${code}/plan`;

  const planOf = async (res: Response, code: string): Promise<PlanRead | undefined> => {
    const result = await tools.api(res).get<PlanRead>('countyPlans', `/county-plans/${code}`);
    if (result.ok) return result.body;
    if (result.problem.status === 404) return undefined;
    return tools.api(res).read<PlanRead>('countyPlans', `/county-plans/${code}`);
  };
  const latestOf = (plan: PlanRead | undefined): PlanVersion | undefined => plan?.versions.at(-1);
  const workingOf = (plan: PlanRead | undefined): PlanVersion | undefined => {
    const latest = latestOf(plan);
    return latest && WORKING.has(latest.status) ? latest : undefined;
  };
  const organizationsOf = async (res: Response): Promise<KnownOrganization[]> =>
    (await tools.api(res).read<{ items: KnownOrganization[] }>('countyPlans', '/organizations')).items;
  /** The revision the form was built from, as the ETag the service gave (`"7"`); anything else is no revision at all. */
  const ifMatchOf = (req: Request): string | undefined => {
    const revision = formText(req, 'revision');
    return /^\d{1,12}$/.test(revision) ? `"${revision}"` : undefined;
  };
  const conflict = (req: Request, res: Response, code: string) => tools.render(req, res, 'county-plans/plan-draft/conflict', { code, name: countyNameOf(code), base: base(code) }, 409);
  /** Someone else changed the version (412), or it is no longer a draft (409): explained, with the way back. */
  const isConflict = (problem: ServiceProblem) => problem.status === 412 || problem.status === 409;
  const view = (plan: PlanContent) => ({ pillarName, plan });

  router.get('/my-county/:code/plan', ownCounty, async (req, res) => {
    const code = param(req, 'code');
    const plan = await planOf(res, code);
    const latest = latestOf(plan);
    if (!plan || !latest || latest.status === 'published' || latest.status === 'superseded') return res.redirect(303, `/my-county/${code}`);
    return tools.render(req, res, 'county-plans/plan-draft/overview', {
      code,
      name: countyNameOf(code),
      base: base(code),
      version: latest,
      revision: plan.revision,
      editable: WORKING.has(latest.status),
      submitted: req.query.submitted === '1',
      saved: req.query.saved === '1',
      ...view(latest.plan),
    });
  });

  /** A revision of the published plan: a new version that starts from its content. */
  router.post('/my-county/:code/plan/revise', ownCounty, async (req, res) => {
    const code = param(req, 'code');
    const plan = await planOf(res, code);
    const published = plan?.versions.find((v) => v.version === plan.publishedVersion);
    if (!plan || !published || workingOf(plan)) return res.redirect(303, base(code));
    const result = await tools.api(res).send('countyPlans', 'POST', `/county-plans/${code}/versions`, published.plan, formText(req, 'submission'), ifMatchOf(req));
    if (result.ok) return res.redirect(303, base(code));
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (isConflict(result.problem)) return conflict(req, res, code);
    return tools.render(req, res, 'county-plans/plan-draft/refused', { code, name: countyNameOf(code), refusal: refusalOf(result.problem) }, result.problem.status);
  });

  // The plan's details: the first form of a new version (which it drafts), or a change to the working one.
  const showItem = (
    req: Request,
    res: Response,
    data: { code: string; kind: ItemKind; adding: boolean; plan: PlanContent; at?: ItemAt; answers: Answers; revision?: number | string; organizations?: KnownOrganization[]; errors?: FieldError[]; refusal?: string; submission?: string },
    status = 200,
  ) => {
    const current = data.kind === 'pillar' && !data.adding && data.at ? data.plan.pillars[data.at.pillar]?.pillarId : undefined;
    return tools.render(
      req,
      res,
      'county-plans/plan-draft/item-form',
      {
        name: countyNameOf(data.code),
        base: base(data.code),
        action: req.originalUrl.split('?')[0],
        taxonomies: PLAN_TAXONOMY_IDS,
        units: INDICATOR_UNITS,
        frequencies: INDICATOR_FREQUENCIES,
        pillarChoices: pillarChoices(data.plan, current),
        standardPillars: taxonomyOf(data.plan.taxonomy)?.pillars.map((p) => p.id) ?? [],
        context: contextOf(data.plan, data.kind, data.at),
        organizations: [],
        errors: [],
        revision: '',
        pillarName,
        ...data,
      },
      status,
    );
  };

  router.get('/my-county/:code/plan/details', ownCounty, async (req, res) => {
    const code = param(req, 'code');
    const plan = await planOf(res, code);
    const working = workingOf(plan);
    if (!working && latestOf(plan) && !['published', 'superseded'].includes(latestOf(plan)!.status)) return res.redirect(303, base(code));
    const content = working?.plan ?? newPlan(new Map());
    return showItem(req, res, { code, kind: 'details', adding: !working, plan: content, answers: working ? answersFrom(working.plan, 'details', undefined, []) : new Map(), ...(plan ? { revision: plan.revision } : {}) });
  });
  router.post('/my-county/:code/plan/details', ownCounty, async (req, res) => {
    const code = param(req, 'code');
    const answers = answersOf(req, 'details');
    const submission = formText(req, 'submission');
    const plan = await planOf(res, code);
    const working = workingOf(plan);
    const latest = latestOf(plan);
    if (!working && latest && !['published', 'superseded'].includes(latest.status)) return conflict(req, res, code);
    const body = working ? withItem(working.plan, 'details', undefined, false, answers, []).plan : newPlan(answers);
    const result = working
      ? await tools.api(res).send('countyPlans', 'PUT', `/county-plans/${code}/versions/${working.version}`, body, submission, ifMatchOf(req))
      : await tools.api(res).send('countyPlans', 'POST', `/county-plans/${code}/versions`, body, submission, ifMatchOf(req));
    if (result.ok) return res.redirect(303, `${base(code)}?saved=1`);
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (isConflict(result.problem)) return conflict(req, res, code);
    const fields = result.problem.status === 400;
    return showItem(
      req,
      res,
      { code, kind: 'details', adding: !working, plan: body, answers, revision: formText(req, 'revision'), submission, ...(fields ? { errors: itemErrors(result.problem, 'details', '') } : { refusal: refusalOf(result.problem) }) },
      result.problem.status,
    );
  });

  for (const item of ITEM_ROUTES) {
    const path = `/my-county/:code/plan/${item.path}`;
    router.get(path, ownCounty, async (req, res) => {
      const code = param(req, 'code');
      const plan = await planOf(res, code);
      const working = workingOf(plan);
      if (!plan || !working) return res.redirect(303, base(code));
      const at = item.find(working.plan, req);
      if (!at) return tools.render(req, res, 'not-found', {}, 404);
      const organizations = item.kind === 'action' ? await organizationsOf(res) : [];
      const answers = item.adding ? answersFrom(working.plan, item.kind, undefined, organizations) : answersFrom(working.plan, item.kind, at, organizations);
      return showItem(req, res, { code, kind: item.kind, adding: item.adding, plan: working.plan, at, answers, revision: plan.revision, organizations });
    });
    router.post(path, ownCounty, async (req, res) => {
      const code = param(req, 'code');
      const answers = answersOf(req, item.kind);
      const submission = formText(req, 'submission');
      const plan = await planOf(res, code);
      const working = workingOf(plan);
      // The version was submitted, or the item removed, since the form was shown.
      if (!plan || !working) return conflict(req, res, code);
      const at = item.find(working.plan, req);
      if (!at) return conflict(req, res, code);
      const organizations = item.kind === 'action' ? await organizationsOf(res) : [];
      // Adding at the top (a pillar, a county pillar) has no parent.
      const changed = withItem(working.plan, item.kind, item.adding && at.pillar < 0 ? undefined : at, item.adding, answers, organizations);
      const result = await tools.api(res).send('countyPlans', 'PUT', `/county-plans/${code}/versions/${working.version}`, changed.plan, submission, ifMatchOf(req));
      if (result.ok) return res.redirect(303, `${base(code)}?saved=1`);
      if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
      if (isConflict(result.problem)) return conflict(req, res, code);
      const fields = result.problem.status === 400;
      return showItem(
        req,
        res,
        {
          code,
          kind: item.kind,
          adding: item.adding,
          plan: working.plan,
          at,
          answers,
          revision: formText(req, 'revision'),
          organizations,
          submission,
          ...(fields ? { errors: itemErrors(result.problem, item.kind, changed.path) } : { refusal: refusalOf(result.problem) }),
        },
        result.problem.status,
      );
    });
  }

  for (const item of REMOVE_ROUTES) {
    router.post(`/my-county/:code/plan/${item.path}`, ownCounty, async (req, res) => {
      const code = param(req, 'code');
      const plan = await planOf(res, code);
      const working = workingOf(plan);
      const at = working && item.find(working.plan, param(req, 'id'));
      if (!working || !at) return conflict(req, res, code);
      const result = await tools.api(res).send('countyPlans', 'PUT', `/county-plans/${code}/versions/${working.version}`, withoutItem(working.plan, item.kind, at), formText(req, 'submission'), ifMatchOf(req));
      if (result.ok) return res.redirect(303, `${base(code)}?saved=1`);
      if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
      if (isConflict(result.problem)) return conflict(req, res, code);
      return tools.render(req, res, 'county-plans/plan-draft/refused', { code, name: countyNameOf(code), refusal: refusalOf(result.problem) }, result.problem.status);
    });
  }

  const showCheck = async (req: Request, res: Response, extra: { refusal?: string; incomplete?: boolean; submission?: string } = {}, status = 200) => {
    const code = param(req, 'code');
    const plan = await planOf(res, code);
    const working = workingOf(plan);
    if (!plan || !working) return res.redirect(303, base(code));
    return tools.render(req, res, 'county-plans/plan-draft/check', { code, name: countyNameOf(code), base: base(code), version: working, revision: plan.revision, ...view(working.plan), ...extra }, status);
  };
  router.get('/my-county/:code/plan/check', ownCounty, (req, res) => showCheck(req, res));
  router.post('/my-county/:code/plan/check', ownCounty, async (req, res) => {
    const code = param(req, 'code');
    const plan = await planOf(res, code);
    const working = workingOf(plan);
    if (!working) return conflict(req, res, code);
    const submission = formText(req, 'submission');
    const result = await tools.api(res).send('countyPlans', 'POST', `/county-plans/${code}/versions/${working.version}/submit`, {}, submission, ifMatchOf(req));
    if (result.ok) return res.redirect(303, `${base(code)}?submitted=1`);
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (isConflict(result.problem)) return conflict(req, res, code);
    // Incomplete: our own words (the outline marks what is missing); anything else in the service's.
    const incomplete = result.problem.type.endsWith('/county-plan.incomplete');
    return showCheck(req, res, { ...(incomplete ? { incomplete } : { refusal: refusalOf(result.problem) }), submission }, result.problem.status);
  });

  return router;
};
