import { z } from 'zod';
import { CallId, RecommendationPackRead } from '@csm/contracts';
import { MinPosition, route, serviceNow, waitForPosition, type RouteSpec, type RouteSuccess } from '@csm/http';
import type { Response } from 'express';
import type { Principal } from '@csm/identity';
import { buildPack, packToCsv, packToHtml, type PackAudience, type RecommendationPack } from '../pack/recommendation-pack';
import { PROPOSALS, type ProposalView } from '../projections/proposals.projection';
import { VERIFIED_ORGANIZATIONS, type VerifiedOrganization } from '../projections/verified-organizations.projection';
import type { CallsDeps } from './calls.routes';
import { findCall, notFound } from './proposal-access';

/** Who receives the panel's work: the NCTC and auditors in full; a donor the recommendations addressed to it. */
const READERS = [{ role: 'nctc-admin' }, { role: 'auditor' }, { role: 'donor' }] as const;
const ReadQuery = z.object({ minPosition: MinPosition });

export const packRoutes = (deps: CallsDeps): RouteSpec<any, any>[] => {
  const { readModels } = deps;
  /** A donor's body is its token's org_id (ReceivingBody.id); a donor without one is addressed by nothing. */
  const audienceOf = (principal: Principal): PackAudience =>
    principal.roles.includes('nctc-admin') || principal.roles.includes('auditor') ? { kind: 'nctc' } : { kind: 'recipient', bodyId: principal.organizationId ?? '\u0000none' };

  const packFor = async (callIdParam: string, now: Date, audience: PackAudience) => {
    const callId = CallId.safeParse(callIdParam);
    const call = callId.success ? await findCall(readModels, callId.data) : null;
    if (!call || call.status === 'draft') throw notFound('No such call');
    const proposals = await readModels.collection<ProposalView>(PROPOSALS).find({ callId: call._id }, { sort: { _id: 1 } });
    const organizations = await readModels.collection<VerifiedOrganization>(VERIFIED_ORGANIZATIONS).find({ _id: { $in: proposals.map((p) => p.organizationId) } });
    const names = new Map(organizations.map((o) => [o._id, o.name]));
    return buildPack({ callId: call._id, title: call.details.title }, proposals, (id) => names.get(id) ?? id, now.toISOString(), audience);
  };

  /** One pack, three renderings: the same data for screens, spreadsheets and print. */
  const renderings = [
    {
      path: '/calls/:id/ranking',
      summary: 'Screened-in proposals ranked by weighted average, with spread, conflicts, legal & ethical results and recommendations',
      success: { status: 200, description: 'The pack as JSON', body: RecommendationPackRead },
      send: (res: Response, pack: RecommendationPack) => res.json(pack),
    },
    {
      path: '/calls/:id/recommendation-pack.csv',
      summary: 'The recommendation pack as CSV (one row per proposal)',
      success: { status: 200, description: 'One header row, then one row per proposal (RFC 4180)', body: z.string(), mediaType: 'text/csv' },
      send: (res: Response, pack: RecommendationPack) => res.type('text/csv; charset=utf-8').attachment(`recommendation-pack-${pack.callId}.csv`).send(packToCsv(pack)),
    },
    {
      path: '/calls/:id/recommendation-pack.html',
      summary: 'The recommendation pack as a printable page (print to PDF from the browser)',
      success: { status: 200, description: 'A self-contained HTML page', body: z.string(), mediaType: 'text/html' },
      // The page carries its own inline style and nothing else.
      send: (res: Response, pack: RecommendationPack) =>
        res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'").type('text/html; charset=utf-8').send(packToHtml(pack)),
    },
  ];
  return renderings.map(({ path, summary, success, send }) =>
    route({
      method: 'get',
      path,
      summary,
      success: success as RouteSuccess,
      access: READERS,
      query: ReadQuery,
      handler: async ({ req, res, query, principal }) => {
        await waitForPosition(deps.projections, query.minPosition);
        send(res, await packFor(String(req.params.id), serviceNow(req), audienceOf(principal!)));
      },
    }),
  );
};
