import type { Request } from 'express';
import { z } from 'zod';
import { MapQuery, MapRead, PILLAR_IDS } from '@csm/contracts';
import { MinPosition, route, serviceNow, waitForPosition, type RouteSpec } from '@csm/http';
import {
  MAP_INITIATIVES,
  MAP_ORGANIZATIONS,
  MAP_PARTNERSHIPS,
  MAP_PLAN_ACTION_ROWS,
  type MapPlanActionRows,
  type MapInitiative,
  type MapOrganization,
  type MapPartnership,
} from '../projections/who-does-what-where.projection';
import { HIDDEN } from './county-access';
import { mapRead } from './map-read';
import { readAwards } from './awards';
import { whoDoesWhatWhereCsv } from './hxl-csv';
import type { CountyPlansDeps } from './plans.routes';

const PILLARS: ReadonlySet<string> = new Set(PILLAR_IDS);

/** The contract's filters, a pillar of the NSCVE 2016 taxonomy (the one the map reads in), and read-your-writes. */
const MapFilters = MapQuery.extend({ minPosition: MinPosition }).refine((q) => q.pillar === undefined || PILLARS.has(q.pillar), {
  message: `a pillar of the NSCVE 2016 taxonomy: ${PILLAR_IDS.join(', ')}`,
  path: ['pillar'],
});
type MapFilters = z.infer<typeof MapFilters>;

/** The map of who does what where (public): the same rows as JSON and as HXL CSV; sensitive work only as a masked count per county. */
export const mapRoutes = (deps: CountyPlansDeps): RouteSpec<any, any>[] => {
  const read = async (req: Request, { minPosition, ...query }: MapFilters) => {
    await waitForPosition(deps.projections, minPosition);
    const [organizations, partnerships, initiatives, plans, awards] = await Promise.all([
      deps.readModels.collection<MapOrganization>(MAP_ORGANIZATIONS).find({}, { projection: HIDDEN }),
      deps.readModels.collection<MapPartnership>(MAP_PARTNERSHIPS).find({ 'decision.decision': 'approved' }, { projection: HIDDEN }),
      deps.readModels.collection<MapInitiative>(MAP_INITIATIVES).find({}, { projection: HIDDEN }),
      // The plan actions' rows as the projection precomputed them; the plans' facts are not read.
      // Only `rows` is used: no projection, which would copy the documents once more.
      query.kind === undefined || query.kind === 'plan-action' ? deps.readModels.collection<MapPlanActionRows>(MAP_PLAN_ACTION_ROWS).find({}) : Promise.resolve([]),
      // One rule for a sensitive award across the map, the trace and IATI (awards.ts).
      readAwards(deps.readModels),
    ]);
    const sensitiveAwards = new Set(awards.filter((a) => a.sensitive).map((a) => a.proposalId));
    return mapRead({ organizations, partnerships, initiatives, planActions: plans.flatMap((p) => p.rows), sensitiveAwards }, query, serviceNow(req).toISOString().slice(0, 10));
  };
  return [
    route({
      method: 'get',
      path: '/map',
      summary:
        'Who does what where: verified organisations, their initiatives and awarded partnerships, and the actions of published county plans, by county, filtered by pillar (NSCVE 2016), organisation type, status, period (a quarter), kind; all 47 counties coloured by actors or activities. Sensitive work is never a row: a count per county, below 3 as "fewer than 3".',
      access: 'public',
      query: MapFilters,
      success: { status: 200, description: 'The 47 counties with their figures, and the matching public rows', body: MapRead },
      responses: { 400: 'A filter that is not one of the values the map knows, or a page (`limit`, `offset`) that is not a whole number in range' },
      handler: async ({ req, res, query }) => {
        res.json(await read(req, query));
      },
    }),
    route({
      method: 'get',
      path: '/open-data/who-does-what-where.csv',
      summary: 'The rows of `GET /map` (same filters) as CSV with HXL hashtags in the second row (OCHA 3W, Humanitarian Data Exchange)',
      access: 'public',
      query: MapFilters,
      success: { status: 200, description: 'A header row, the HXL hashtags row, then one row per public row of the map (RFC 4180)', body: z.string(), mediaType: 'text/csv' },
      responses: { 400: 'A filter that is not one of the values the map knows' },
      handler: async ({ req, res, query }) => {
        // The CSV is every matching row: a page is for the JSON only.
        const { limit: _limit, offset: _offset, ...all } = query;
        const { rows } = await read(req, all);
        res.type('text/csv; charset=utf-8').attachment('who-does-what-where.csv').send(whoDoesWhatWhereCsv(rows));
      },
    }),
  ];
};
