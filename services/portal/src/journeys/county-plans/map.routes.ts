import { Router, type Request, type Response } from 'express';
import { MAP_MEASURES, MAP_ROW_KINDS, MAP_STATUSES, ORGANIZATION_TYPES, Period, PILLAR_IDS, type MapRead } from '@csm/contracts';
import type { JourneyTools } from '../journey';
import { ServiceRefusedError } from '../../person-api';
import type { Session } from '../../sign-in/session-store';
import { drawCounties, legendOf, PALETTE } from './county-map';

/** The filters the page passes on: only values the map knows (anything else is left out, as if not chosen). */
const FILTERS = {
  pillar: PILLAR_IDS,
  orgType: ORGANIZATION_TYPES,
  status: MAP_STATUSES,
  kind: MAP_ROW_KINDS,
  measure: MAP_MEASURES,
} as const;

const filtersOf = (req: Request): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, allowed] of Object.entries(FILTERS)) {
    const value = req.query[name];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) out[name] = value;
  }
  const period = Period.safeParse(typeof req.query.period === 'string' ? req.query.period.trim() : undefined);
  if (period.success) out.period = period.data;
  return out;
};

const CSV = '/map/who-does-what-where.csv';

/**
 * The map of who does what where (public): the 47 counties as inline SVG coloured by actors or
 * activities, each a link to the county's page, the same figures as a table, filters as a plain
 * GET form, and the rows as HXL CSV (passed on from the county-plans service).
 */
export const mapRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const positionOf = (res: Response) => (res.locals.session as Session | undefined)?.positions?.countyPlans;

  router.get('/map', async (req, res) => {
    const filters = filtersOf(req);
    const position = positionOf(res);
    const read = await tools.services.countyPlans.get<MapRead>('/map', position === undefined ? filters : { ...filters, minPosition: position });
    if (!read.ok) throw new ServiceRefusedError(read.problem);
    const drawing = drawCounties(read.body.counties, tools.countyShapes);
    const query = new URLSearchParams(filters).toString();
    const askedPeriod = typeof req.query.period === 'string' ? req.query.period.trim().slice(0, 20) : '';
    tools.render(req, res, 'county-plans/map', {
      map: read.body,
      filters,
      // A quarter that is not one is said so, and the map drawn without it.
      periodValue: askedPeriod,
      periodError: askedPeriod !== '' && filters.period === undefined,
      options: { pillar: PILLAR_IDS, orgType: ORGANIZATION_TYPES, status: MAP_STATUSES, kind: MAP_ROW_KINDS, measure: MAP_MEASURES },
      measure: read.body.filters.measure,
      drawing,
      boundaries: tools.countyShapes !== undefined,
      legend: legendOf(drawing.max).map((l) => ({ ...l, fill: PALETTE[l.step]!.fill })),
      csv: query ? `${CSV}?${query}` : CSV,
    });
  });

  router.get(CSV, async (req, res) => {
    const upstream = await tools.services.countyPlans.download('/open-data/who-does-what-where.csv', filtersOf(req));
    if (!upstream.ok) {
      const problem = (await upstream.json().catch(() => ({ type: 'about:blank', title: upstream.statusText }))) as { type: string; title: string };
      throw new ServiceRefusedError({ ...problem, status: upstream.status });
    }
    res
      .status(200)
      .type(upstream.headers.get('content-type') ?? 'text/csv; charset=utf-8')
      .set('Content-Disposition', upstream.headers.get('content-disposition') ?? 'attachment; filename=who-does-what-where.csv')
      .send(Buffer.from(await upstream.arrayBuffer()));
  });

  return router;
};
