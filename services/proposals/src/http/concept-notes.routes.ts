import type { Request } from 'express';
import { z } from 'zod';
import { CallId, ConceptNote, OrganizationId, ProposalList, ProposalRead, ReasonBody, ShortlistBody, proposalIdOf } from '@csm/contracts';
import { callerOrganization, commandAccepted, etag, MinPosition, route, sendCommandResult, waitForPosition, type RouteSpec } from '@csm/http';
import type { ProposalCommand } from '../domain/proposal';
import { PROPOSALS, type ProposalView } from '../projections/proposals.projection';
import type { CallsDeps } from './calls.routes';
import { applicantView, findCall, notFound, organizationFacts, runProposalCommand } from './proposal-access';

const ADMIN = { role: 'nctc-admin' } as const;
const OWN_PARTNER = { role: 'partner', ownOrganization: 'orgId' } as const;
const ReadQuery = z.object({ minPosition: MinPosition });

/** Stage one of applying: a concept note per organisation and call, until the deadline. */
export const conceptNoteRoutes = (deps: CallsDeps): RouteSpec<any, any>[] => {
  const { store, readModels } = deps;

  /**
   * The call and the applicant as this context knows them (its read models). Deciding on them
   * is deciding on facts as of the last event projected, which is what the applicant saw.
   */
  const snapshots = async (callId: string, organizationId: string) => {
    const call = await findCall(readModels, callId);
    if (!call || call.status === 'draft') throw notFound('No such call');
    return { call: { callId, status: call.status, details: call.details }, applicant: (await organizationFacts(readModels, organizationId)).applicant };
  };

  const dispatch = async (req: Request, type: ProposalCommand['type'], organizationId: string, conceptNote: ConceptNote) => {
    const callId = CallId.parse(req.params.id);
    const proposalId = proposalIdOf(callId, organizationId);
    return { proposalId, result: await runProposalCommand(store, req, proposalId, { type, data: { ...(await snapshots(callId, organizationId)), conceptNote } }) };
  };

  const idsOf = (req: Request) => {
    const callId = CallId.safeParse(req.params.id);
    const orgId = OrganizationId.safeParse(req.params.orgId);
    if (!callId.success || !orgId.success) throw notFound('No such proposal');
    return proposalIdOf(callId.data, orgId.data);
  };

  return [
    route({
      method: 'post',
      path: '/calls/:id/concept-notes',
      summary: 'Submit the caller’s organisation’s concept note to a call (verified, eligible, before the deadline)',
      access: [{ role: 'partner' }],
      body: ConceptNote,
      success: commandAccepted(201, 'Submitted'),
      responses: { 403: 'Organisation not verified', 409: 'Already submitted or call not open', 422: 'Outside the call’s scope' },
      handler: async ({ req, res, body, principal }) => {
        const organizationId = callerOrganization(principal);
        if (!CallId.safeParse(req.params.id).success) throw notFound('No such call');
        const { proposalId, result } = await dispatch(req, 'SubmitConceptNote', organizationId, body);
        res.location(`/calls/${String(req.params.id)}/concept-notes/${organizationId}`);
        res.set('X-Proposal-Id', proposalId);
        sendCommandResult(res, 201, result);
      },
    }),
    route({
      method: 'put',
      path: '/calls/:id/concept-notes/:orgId',
      summary: 'Amend the organisation’s concept note until the deadline',
      access: [OWN_PARTNER],
      body: ConceptNote,
      success: commandAccepted(202, 'Amended'),
      responses: { 409: 'Deadline passed', 412: 'If-Match is stale' },
      handler: async ({ req, res, body }) => {
        idsOf(req);
        sendCommandResult(res, 202, (await dispatch(req, 'AmendConceptNote', String(req.params.orgId), body)).result);
      },
    }),
    route({
      method: 'get',
      path: '/calls/:id/concept-notes/:orgId',
      summary: 'One organisation’s concept note (its own partners, as the applicant sees it, and the NCTC)',
      access: [ADMIN, OWN_PARTNER],
      query: ReadQuery,
      success: { status: 200, description: 'The proposal the concept note opened (ETag: its revision)', body: ProposalRead },
      handler: async ({ req, res, query, principal }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const view = await readModels.collection<ProposalView>(PROPOSALS).findOne({ _id: idsOf(req) }, { projection: { _applied: 0 } });
        if (!view) throw notFound('No such proposal');
        res.set('ETag', etag(BigInt(view.revision))).json(principal!.roles.includes('nctc-admin') ? view : applicantView(view));
      },
    }),
    ...(['shortlist', 'decline'] as const).map((decision) =>
      route({
        method: 'post',
        path: `/calls/:id/concept-notes/:orgId/${decision}`,
        summary: decision === 'shortlist' ? 'Shortlist a concept note for a full proposal (call closed)' : 'Decline a concept note, with the reason given to the applicant',
        access: [ADMIN],
        body: (decision === 'shortlist' ? ShortlistBody : ReasonBody) as z.ZodType<{ note?: string; reason?: string; fullProposalDeadline?: string }>,
        success: commandAccepted(202, 'Decided'),
        responses: { 404: 'No such proposal', 409: 'Call not closed, or already decided' },
        handler: async ({ req, res, body }) => {
          const proposalId = idsOf(req);
          const call = await findCall(readModels, String(req.params.id));
          if (!call) throw notFound('No such call');
          const result = await runProposalCommand(
            store,
            req,
            proposalId,
            decision === 'shortlist'
              ? { type: 'ShortlistConceptNote', data: { callStatus: call.status, fullProposalDeadline: body.fullProposalDeadline, ...(body.note ? { note: body.note } : {}) } }
              : { type: 'DeclineConceptNote', data: { callStatus: call.status, reason: body.reason! } },
          );
          sendCommandResult(res, 202, result);
        },
      }),
    ),
    route({
      method: 'get',
      path: '/calls/:id/concept-notes',
      summary: 'Every concept note submitted to a call (NCTC)',
      access: [ADMIN],
      query: ReadQuery,
      success: { status: 200, description: 'The proposals of the call, in the order submitted', body: ProposalList },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const items = await readModels
          .collection<ProposalView>(PROPOSALS)
          .find({ callId: String(req.params.id) }, { sort: { submittedAt: 1, _id: 1 }, projection: { _applied: 0 } });
        res.json({ items });
      },
    }),
  ];
};
