import { z } from 'zod';
import { route, serviceNow, waitForPosition, type RouteSpec } from '@csm/http';
import { IATI_REPORTING_ORG_NAME, IATI_REPORTING_ORG_PLACEHOLDER, iatiActivitiesXml } from '../open-data/iati';
import { readAwards } from './awards';
import { notFound, ReadQuery } from './county-access';
import type { CountyPlansDeps } from './plans.routes';

/** Open data (issue 10): awarded partnerships as IATI 2.03 activities. Public; never a sensitive award. */
export const openDataRoutes = (deps: CountyPlansDeps & { iatiReportingOrgRef?: string }): RouteSpec<any, any>[] => [
  route({
    method: 'get',
    path: '/open-data/partnerships.iati.xml',
    summary: 'Awarded partnerships as IATI 2.03 activity XML (one activity per award; sensitive awards left out)',
    access: 'public',
    query: ReadQuery,
    success: { status: 200, description: 'An `iati-activities` document (IATI 2.03), valid against the official schema', body: z.string(), mediaType: 'application/xml' },
    responses: { 404: 'No award to publish yet (an IATI file holds at least one activity)' },
    handler: async ({ req, res, query }) => {
      await waitForPosition(deps.projections, query.minPosition);
      const awards = (await readAwards(deps.readModels)).filter((a) => !a.sensitive);
      if (awards.length === 0) throw notFound('No awarded partnership to publish yet');
      const xml = iatiActivitiesXml(awards, {
        reportingOrgRef: deps.iatiReportingOrgRef ?? IATI_REPORTING_ORG_PLACEHOLDER,
        reportingOrgName: IATI_REPORTING_ORG_NAME,
        generatedAt: serviceNow(req).toISOString(),
      });
      res.type('application/xml; charset=utf-8').send(xml);
    },
  }),
];
