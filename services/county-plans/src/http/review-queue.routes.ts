import { ReviewQueue } from '@csm/contracts';
import { route, serviceNow, waitForPosition, type RouteSpec } from '@csm/http';
import type { Filter } from '@csm/readmodels';
import { COUNTY_PLANS, type CountyPlanView } from '../projections/county-plans.projection';
import { COUNTY_REPORTS, type CountyReportView } from '../projections/county-reports.projection';
import { HIDDEN, ReadQuery } from './county-access';
import type { CountyPlansDeps } from './plans.routes';
import { lateness } from './reports.routes';

/**
 * What waits for the caller's decision, by the level their role stands for: the county
 * secretariat (its county's plans and reports), the co-chairs (its county's reports), the NCTC
 * (every county's plans and reports at its level).
 */
export const reviewQueueRoutes = (deps: CountyPlansDeps): RouteSpec<any, any>[] => [
  route({
    method: 'get',
    path: '/review-queue',
    summary: 'Plans and reports waiting for the caller’s approval level',
    access: [{ role: 'county-secretariat' }, { role: 'county-co-chair' }, { role: 'nctc-admin' }],
    query: ReadQuery,
    success: { status: 200, description: 'Plans and reports at the caller’s level, oldest submission first', body: ReviewQueue },
    handler: async ({ req, res, query, principal }) => {
      await waitForPosition(deps.projections, query.minPosition);
      const roles = principal!.roles;
      // A county role without a county in the token sees nothing of any county.
      const county = principal!.countyCode ?? '\u0000none';
      const planFilters: Filter[] = [];
      const reportFilters: Filter[] = [];
      if (roles.includes('county-secretariat')) {
        planFilters.push({ countyCode: county, 'pending.level': 'county-secretariat' });
        reportFilters.push({ countyCode: county, status: 'submitted', level: 'county-secretariat' });
      }
      if (roles.includes('county-co-chair')) reportFilters.push({ countyCode: county, status: 'submitted', level: 'county-co-chairs' });
      if (roles.includes('nctc-admin')) {
        planFilters.push({ 'pending.level': 'nctc' });
        reportFilters.push({ status: 'submitted', level: 'nctc' });
      }
      const plans = (await Promise.all(planFilters.map((f) => deps.readModels.collection<CountyPlanView>(COUNTY_PLANS).find(f, { sort: { _id: 1 }, projection: HIDDEN })))).flat();
      const reports = (await Promise.all(reportFilters.map((f) => deps.readModels.collection<CountyReportView>(COUNTY_REPORTS).find(f, { sort: { _id: 1 }, projection: HIDDEN })))).flat();
      const day = serviceNow(req).toISOString().slice(0, 10);
      res.json({
        plans: plans.map((plan) => {
          const version = plan.versions.find((v) => v.version === plan.pending!.version)!;
          return { countyCode: plan.countyCode, countyName: plan.countyName, version: version.version, level: plan.pending!.level, ...(version.submittedAt ? { submittedAt: version.submittedAt } : {}) };
        }),
        reports: reports
          .map((r) => ({ countyCode: r.countyCode, period: r.period, revision: r.revision, level: r.level!, late: lateness(r, day), ...(r.submittedAt ? { submittedAt: r.submittedAt } : {}) }))
          .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '')),
      });
    },
  }),
];
