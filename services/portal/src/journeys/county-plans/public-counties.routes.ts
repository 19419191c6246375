import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import { COUNTIES, Period, periodAt, periodIndex } from '@csm/contracts';
import type { JourneyTools } from '../journey';
import { ServiceRefusedError } from '../../person-api';
import type { Session } from '../../sign-in/session-store';
import type { ServiceProblem } from '../../service-client';
import { countyNameOf, pillarLabel, progressByPillar, sparkline, type CountyPlan, type CountyProgress, type CountyReport, type CountyTrace, type NationalRollup } from './county-views';

/**
 * The public's pages: every county with whether its plan is published, and a county's published
 * plan and reports. Read without the person's token even when they are signed in, so everyone
 * sees exactly what the public API publishes (sensitive actions are already left out there);
 * only the person's last write position is passed, so an approver sees what they just published.
 */
interface PublicInitiatives {
  items: { organizationName?: string; organizationId: string; title: string; description: string; pillars: string[]; startsOn: string; endsOn?: string; budgetBand: string; partners: string[]; featured: boolean }[];
  sensitiveByCounty: { countyCode: string; count: number | 'fewer than 3' }[];
}

export const publicCountiesRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const publicRead = async <T>(res: Response, path: string) => {
    const position = (res.locals.session as Session | undefined)?.positions?.countyPlans;
    return tools.services.countyPlans.get<T>(path, position === undefined ? {} : { minPosition: position });
  };

  router.get('/counties', async (req, res) => {
    const list = await publicRead<{ items: { countyCode: string; title: string; publishedAt: string }[] }>(res, '/county-plans');
    if (!list.ok) throw new ServiceRefusedError(list.problem);
    const published = new Map(list.body.items.map((p) => [p.countyCode, p]));
    tools.render(req, res, 'county-plans/counties', { counties: COUNTIES.map((c) => ({ ...c, plan: published.get(c.code) })), publishedCount: published.size });
  });

  /**
   * Open data: awarded partnerships as IATI 2.03 XML, passed through from the county-plans
   * service as it renders it (the public read; sensitive awards are never in it).
   */
  router.get('/open-data/partnerships.iati.xml', async (_req, res) => {
    const upstream = await tools.services.countyPlans.download('/open-data/partnerships.iati.xml', {});
    if (!upstream.ok) {
      const problem = (upstream.headers.get('content-type') ?? '').includes('json') ? ((await upstream.json()) as ServiceProblem) : { type: 'about:blank', title: upstream.statusText, status: upstream.status };
      throw new ServiceRefusedError(problem);
    }
    res.status(200).set({ 'Content-Type': 'application/xml; charset=utf-8', 'Content-Disposition': 'inline; filename="partnerships.iati.xml"', 'X-Content-Type-Options': 'nosniff' });
    if (!upstream.body) return res.end();
    return pipeline(Readable.fromWeb(upstream.body as never), res);
  });

  /** The national roll-up: one quarter (the last that has ended unless `?period=` names one). */
  router.get('/counties/rollup', async (req, res) => {
    const parsed = Period.safeParse(req.query.period);
    const asked = parsed.success ? parsed.data : undefined;
    const rollup = await publicRead<NationalRollup>(res, asked ? `/rollup?period=${asked}` : '/rollup');
    if (!rollup.ok) throw new ServiceRefusedError(rollup.problem);
    const previous = (period: string, step: number) => periodAt(periodIndex(period) + step);
    tools.render(req, res, 'county-plans/rollup', {
      rollup: rollup.body,
      earlier: previous(rollup.body.period, -1),
      later: previous(rollup.body.period, 1),
      counties: Object.fromEntries(COUNTIES.map((c) => [c.code, c.name])),
    });
  });

  router.get('/counties/:code', async (req, res, next) => {
    const name = countyNameOf(req.params.code);
    if (!name) return next();
    const [plan, reports, initiatives] = await Promise.all([
      publicRead<CountyPlan>(res, `/county-plans/${req.params.code}`),
      publicRead<{ items: CountyReport[]; overdue: { period: string; dueOn: string }[] }>(res, `/county-reports/${req.params.code}`),
      // Who acts there: the public list (sensitive initiatives only as a count, "fewer than 3" below 3).
      publicRead<PublicInitiatives>(res, `/initiatives?county=${req.params.code}&status=active`),
    ]);
    // No published plan is a fact worth a page, not a "not found".
    if (!plan.ok && plan.problem.status !== 404) throw new ServiceRefusedError(plan.problem);
    if (!reports.ok) throw new ServiceRefusedError(reports.problem);
    if (!initiatives.ok) throw new ServiceRefusedError(initiatives.problem);
    const current = plan.ok ? plan.body.versions.find((v) => v.version === plan.body.publishedVersion) : undefined;
    const progress = [...reports.body.items]
      .sort((a, b) => b.period.localeCompare(a.period))
      .map((report) => {
        const version = plan.ok ? plan.body.versions.find((v) => v.version === report.planVersion) : undefined;
        return { report, pillars: version ? progressByPillar(version.plan, report.report) : [], plan: version?.plan };
      });
    const sensitive = initiatives.body.sensitiveByCounty.find((c) => c.countyCode === req.params.code)?.count;
    const indicators = current ? await publicRead<CountyProgress>(res, `/counties/${req.params.code}/progress`) : undefined;
    if (indicators && !indicators.ok && indicators.problem.status !== 404) throw new ServiceRefusedError(indicators.problem);
    // From strategy to results: pillar → action → calls → awards → indicators.
    const trace = current ? await publicRead<CountyTrace>(res, `/counties/${req.params.code}/trace`) : undefined;
    if (trace && !trace.ok && trace.problem.status !== 404) throw new ServiceRefusedError(trace.problem);
    tools.render(req, res, 'county-plans/county', {
      code: req.params.code,
      name,
      current,
      progress,
      overdue: reports.body.overdue,
      pillarLabel,
      indicators: indicators?.ok ? indicators.body.indicators.map((i) => ({ ...i, sparkline: sparkline(i) })) : [],
      initiatives: initiatives.body.items,
      sensitive,
      trace: trace?.ok ? trace.body : undefined,
    });
  });

  return router;
};
