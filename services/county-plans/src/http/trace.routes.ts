import { CountyTraceRead, periodIndex, type CountyTraceRead as TraceBody } from '@csm/contracts';
import { route, waitForPosition, type RouteSpec } from '@csm/http';
import { COUNTY_PROGRESS, COUNTY_PROGRESS_FACTS, masked, type CountyFactsView, type CountyProgressView } from '../projections/county-progress.projection';
import { PARTNERSHIP_CALLS, type PartnershipCall } from '../projections/awarded-partnerships.projection';
import { readAwards } from './awards';
import { countyOf, notFound, ReadQuery } from './county-access';
import type { CountyPlansDeps } from './plans.routes';

/**
 * The trace on the county page (issue 10): NSCVE pillar → county action → calls for proposals
 * naming it → awards under those calls in the county → the action's indicators (baseline, target,
 * latest published value). Joined on read from the county's published plan (`countyProgress`)
 * and the copy of proposals' awarded partnerships: a county's trace is small, and a call naming
 * an action that is not in the published plan is simply not shown.
 */
export const traceRoutes = (deps: CountyPlansDeps): RouteSpec<any, any>[] => [
  route({
    method: 'get',
    path: '/counties/:code/trace',
    summary: 'From strategy to results: per pillar of the published plan, each action, the calls naming it, the awards in the county under them, its indicators',
    access: 'public',
    query: ReadQuery,
    success: { status: 200, description: 'The trace (sensitive actions as a count per pillar; awards linked to a sensitive action never shown)', body: CountyTraceRead },
    responses: { 404: 'No such county, or no published plan' },
    handler: async ({ req, res, query }) => {
      await waitForPosition(deps.projections, query.minPosition);
      const countyCode = countyOf(req);
      const [view, factsView] = await Promise.all([
        deps.readModels.collection<CountyProgressView>(COUNTY_PROGRESS).findOne({ _id: countyCode }),
        deps.readModels.collection<CountyFactsView>(COUNTY_PROGRESS_FACTS).findOne({ _id: countyCode }),
      ]);
      const version = factsView?.facts.publishedVersion;
      const plan = version === undefined ? undefined : factsView!.facts.versions[String(version)];
      if (!view?.progress || !plan) throw notFound('The county has no published plan');

      const namingCalls = await deps.readModels.collection<PartnershipCall>(PARTNERSHIP_CALLS).find({ planActions: { $elemMatch: { countyCode } } }, { sort: { _id: 1 } });
      const awards = (await readAwards(deps.readModels, countyCode)).filter((a) => !a.sensitive);
      const values = new Map(view.progress.indicators.map((i) => [i.indicatorId, i.values] as const));

      const body: TraceBody = {
        countyCode,
        countyName: view.countyName,
        planVersion: version!,
        taxonomy: plan.taxonomy,
        pillars: plan.pillars.map((pillar) => {
          const actions = pillar.priorities.flatMap((priority) => priority.actions.map((action) => ({ priority, action })));
          return {
            pillarId: pillar.pillarId,
            actions: actions
              .filter(({ action }) => !action.sensitive)
              .map(({ priority, action }) => ({
                actionId: action.id,
                title: action.title,
                priorityId: priority.id,
                priorityTitle: priority.title,
                calls: namingCalls
                  .filter((call) => call.planActions.some((a) => a.countyCode === countyCode && a.actionId === action.id))
                  .map((call) => ({
                    callId: call._id,
                    title: call.title,
                    awards: awards
                      .filter((a) => a.callId === call._id)
                      .map((a) => ({ organizationId: a.organizationId, organizationName: a.organizationName, title: a.title, amount: a.amount, currency: a.currency, status: a.status })),
                  })),
                indicators: action.indicators.map((indicator) => {
                  const latest = [...(values.get(indicator.id) ?? [])].sort((x, y) => periodIndex(y.period) - periodIndex(x.period))[0];
                  return {
                    indicatorId: indicator.id,
                    name: indicator.name,
                    unit: indicator.unit,
                    baseline: indicator.baseline,
                    target: indicator.target,
                    ...(latest ? { latest: { period: latest.period, value: latest.value } } : {}),
                  };
                }),
              })),
            sensitiveActions: masked(actions.filter(({ action }) => action.sensitive).length),
          };
        }),
      };
      res.json(body);
    },
  }),
];
