import { z } from 'zod';
import { handleCommand } from '@csm/eventing';
import { ConvertSolutionBody, DEFAULT_DIRECT_CRITERIA, directPartnershipRef, OrganizationId, PresentSolutionBody, proposalIdOf, SolutionId, SolutionList, SolutionRead, solutionKey, solutionStreamId } from '@csm/contracts';
import { callerOrganization, commandAccepted, commandMetadata, MinPosition, route, sendCommandResult, waitForPosition, type RouteSpec } from '@csm/http';
import { solutionDecider, type PresentSolution } from '../domain/solution.decider';
import { SOLUTIONS, type SolutionView } from '../projections/solutions.projection';
import type { CallsDeps } from './calls.routes';
import { notFound, organizationFacts, runProposalCommand } from './proposal-access';

const ReadQuery = z.object({ minPosition: MinPosition });

/** Unsolicited solutions: presented by verified organisations, converted by the NCTC into direct partnership proposals. */
export const solutionsRoutes = (deps: CallsDeps): RouteSpec<any, any>[] => {
  const { store, readModels } = deps;
  const findSolution = async (orgId: string, solutionId: string) => {
    const org = OrganizationId.safeParse(orgId);
    const id = SolutionId.safeParse(solutionId);
    const view = org.success && id.success ? await readModels.collection<SolutionView>(SOLUTIONS).findOne({ _id: solutionKey(org.data, id.data) }, { projection: { _applied: 0 } }) : null;
    if (!view) throw notFound('No such solution');
    return view;
  };

  return [
    route({
      method: 'post',
      path: '/solutions',
      summary: 'Present a solution outside any call (verified organisations)',
      access: [{ role: 'partner' }],
      body: PresentSolutionBody,
      success: commandAccepted(201, 'Presented'),
      responses: { 403: 'Organisation not verified', 409: 'Solution id taken' },
      handler: async ({ req, res, body, principal }) => {
        const organizationId = callerOrganization(principal);
        const { applicant } = await organizationFacts(readModels, organizationId);
        const command: PresentSolution = {
          type: 'PresentSolution',
          data: { solutionId: body.solutionId, organizationId, organizationVerified: applicant.verified, solution: body.solution },
          metadata: commandMetadata(req),
        };
        const result = await handleCommand(store, solutionDecider, solutionStreamId(organizationId, body.solutionId), command);
        res.location(`/solutions/${organizationId}/${body.solutionId}`);
        sendCommandResult(res, 201, result);
      },
    }),
    route({
      method: 'get',
      path: '/solutions',
      summary: 'Unsolicited solutions: all for the NCTC, its own for a partner',
      access: [{ role: 'nctc-admin' }, { role: 'partner' }],
      query: ReadQuery,
      success: { status: 200, description: 'The solutions the caller may see', body: SolutionList },
      handler: async ({ res, query, principal }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const admin = principal!.roles.includes('nctc-admin');
        const filter = admin ? {} : { organizationId: principal!.organizationId ?? '\u0000none' };
        res.json({ items: await readModels.collection<SolutionView>(SOLUTIONS).find(filter, { sort: { _id: 1 }, projection: { _applied: 0 } }) });
      },
    }),
    route({
      method: 'get',
      path: '/solutions/:orgId/:solutionId',
      summary: 'One solution (the NCTC, and the presenting organisation)',
      access: [{ role: 'nctc-admin' }, { role: 'partner', ownOrganization: 'orgId' }],
      query: ReadQuery,
      success: { status: 200, description: 'The solution', body: SolutionRead },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        res.json(await findSolution(String(req.params.orgId), String(req.params.solutionId)));
      },
    }),
    route({
      method: 'post',
      path: '/solutions/:orgId/:solutionId/convert',
      summary: 'Convert a solution into a direct partnership proposal, with the justification recorded',
      access: [{ role: 'nctc-admin' }],
      body: ConvertSolutionBody,
      success: commandAccepted(201, 'Direct partnership proposal opened'),
      responses: { 409: 'Already converted', 422: 'The deadline is in the past' },
      handler: async ({ req, res, body }) => {
        const solution = await findSolution(String(req.params.orgId), String(req.params.solutionId));
        const ref = directPartnershipRef(solution.solutionId);
        const proposalId = proposalIdOf(ref, solution.organizationId);
        const result = await runProposalCommand(store, req, proposalId, {
          type: 'OpenDirectPartnership',
          data: {
            solution: { solutionId: solution.solutionId, organizationId: solution.organizationId, solution: solution.solution, converted: solution.status === 'converted' },
            justification: body.justification,
            fullProposalDeadline: body.fullProposalDeadline,
            criteria: DEFAULT_DIRECT_CRITERIA,
            scoreScale: 10,
            // The panel is recorded by member id: events never carry usernames.
            reviewers: body.reviewers.map((username: string) => deps.subjectIds.forUsername(username)),
          },
        });
        res.location(`/proposals/${ref}/${solution.organizationId}`);
        sendCommandResult(res, 201, result);
      },
    }),
  ];
};
