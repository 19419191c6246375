import { KnownOrganizationsRead } from '@csm/contracts';
import { route, waitForPosition, type RouteSpec } from '@csm/http';
import { ORGANIZATIONS, type KnownOrganization } from '../projections/organizations.projection';
import { HIDDEN, ReadQuery } from './county-access';
import type { CountyPlansDeps } from './plans.routes';

/**
 * The verified organisations this service knows (its own copy of registration's facts): what a
 * county officer chooses a plan action's lead and partners from. Public, as the directory is.
 */
export const organizationsRoutes = (deps: CountyPlansDeps): RouteSpec<any, any>[] => [
  route({
    method: 'get',
    path: '/organizations',
    summary: 'The verified organisations the service knows, by name (a plan action’s lead and partners are chosen from them)',
    access: 'public',
    query: ReadQuery,
    success: { status: 200, description: 'Verified organisations: id, name, type', body: KnownOrganizationsRead },
    handler: async ({ res, query }) => {
      await waitForPosition(deps.projections, query.minPosition);
      const found = await deps.readModels.collection<KnownOrganization>(ORGANIZATIONS).find({ verified: true }, { sort: { name: 1 }, projection: HIDDEN });
      res.json({ items: found.map((o) => ({ organizationId: o._id, name: o.name, type: o.type })) });
    },
  }),
];
