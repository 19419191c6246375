import type { Request } from 'express';
import { z } from 'zod';
import { CountyProgressRead, countyName, NationalRollupRead, Period, periodAt, periodIndex, periodOf, reportDueOn } from '@csm/contracts';
import { MinPosition, route, serviceNow, waitForPosition, type RouteSpec } from '@csm/http';
import {
  ALL_COUNTIES,
  completenessOf,
  COUNTY_PROGRESS,
  COUNTY_ROLLUP,
  COUNTY_ROLLUP_PERIODS,
  NATIONAL,
  ROLLUP_TAXONOMY,
  type CountyProgressView,
  type CountyRollupPeriodView,
  type CountyRollupView,
} from '../projections/county-progress.projection';
import { countyOf, HIDDEN, notFound, ReadQuery } from './county-access';
import type { CountyPlansDeps } from './plans.routes';

const today = (req: Request) => serviceNow(req).toISOString().slice(0, 10);

/** What the public and the NCTC see: a county's progress, and the national roll-up (both public, both without sensitive detail). */
export const progressRoutes = (deps: CountyPlansDeps): RouteSpec<any, any>[] => [
  route({
    method: 'get',
    path: '/counties/:code/progress',
    summary: 'A county’s progress: actions by status per pillar and published report, indicators against baseline and target period by period',
    access: 'public',
    query: ReadQuery,
    success: { status: 200, description: 'The progress over the county’s published reports (sensitive actions as counts only)', body: CountyProgressRead },
    responses: { 404: 'No such county, or no published plan' },
    handler: async ({ req, res, query }) => {
      await waitForPosition(deps.projections, query.minPosition);
      const countyCode = countyOf(req);
      const view = await deps.readModels.collection<CountyProgressView>(COUNTY_PROGRESS).findOne({ _id: countyCode }, { projection: HIDDEN });
      if (!view?.progress) throw notFound('The county has no published plan');
      res.json({ countyCode, countyName: view.countyName, ...view.progress });
    },
  }),
  route({
    method: 'get',
    path: '/rollup',
    summary: 'The national roll-up for a quarter: actions by status per pillar across the 47 counties, reporting completeness, indicators shared by counties',
    access: 'public',
    query: z.object({ period: Period.optional(), minPosition: MinPosition }),
    responses: { 400: 'Not a quarter (YYYY-Qn)' },
    success: { status: 200, description: 'The roll-up in the 2016 taxonomy (sensitive actions as counts only)', body: NationalRollupRead },
    handler: async ({ req, res, query }) => {
      await waitForPosition(deps.projections, query.minPosition);
      // Without a period: the last quarter that has ended (decided here).
      const period = (query.period as string | undefined) ?? periodAt(periodIndex(periodOf(serviceNow(req).toISOString())) - 1);
      const view = await deps.readModels.collection<CountyRollupView>(COUNTY_ROLLUP).findOne({ _id: NATIONAL }, { projection: HIDDEN });
      const day = today(req);
      const dueOn = reportDueOn(period);
      const rows = ALL_COUNTIES.map((countyCode) => ({ countyCode, countyName: countyName(countyCode) ?? countyCode, ...completenessOf(view?.reporting[countyCode], period, dueOn, day) }));
      const count = (status: string) => rows.filter((r) => r.status === status).length;
      const figures = await deps.readModels.collection<CountyRollupPeriodView>(COUNTY_ROLLUP_PERIODS).findOne({ _id: period }, { projection: HIDDEN });
      res.json({
        period,
        dueOn,
        taxonomy: ROLLUP_TAXONOMY,
        pillars: figures?.pillars ?? [],
        indicators: figures?.indicators ?? [],
        completeness: rows,
        totals: { approved: count('approved'), reported: count('reported'), drafted: count('drafted'), missing: count('missing'), late: rows.filter((r) => r.late).length },
      });
    },
  }),
];
