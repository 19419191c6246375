import { z } from 'zod';
import {
  ApplicantProposalList,
  ApplicantProposalRead,
  AppealBody,
  AppealDecisionBody,
  ConflictDeclarationBody,
  DecisionBody,
  FeedbackBody,
  FullProposal,
  InformationRequestBody,
  LEGAL_ETHICAL_ITEMS,
  LegalEthicalCheckBody,
  LockScoreSheetBody,
  OfferResponseBody,
  ProposalForReview,
  ProposalRead,
  RecommendationBody,
  ReviewAssignments,
  ScoreSheetBody,
  ScoreSheetList,
} from '@csm/contracts';
import { commandAccepted, etag, HttpProblem, MinPosition, problemType, route, sendCommandResult, streamHistory, StreamHistoryBody, waitForPosition, type RouteSpec } from '@csm/http';
import { proposalStreamId } from '@csm/contracts';
import type { Principal } from '@csm/identity';
import { PROPOSALS, type ProposalView } from '../projections/proposals.projection';
import { SCORE_SHEETS, scoreSheetId, type ScoreSheetView } from '../projections/score-sheets.projection';
import type { CallsDeps } from './calls.routes';
import { applicantView, findProposal, frameOf, notFound, organizationFacts, proposalIdFrom, runProposalCommand } from './proposal-access';

const ADMIN = { role: 'nctc-admin' } as const;
const REVIEWER = { role: 'reviewer' } as const;
const OWN_PARTNER = { role: 'partner', ownOrganization: 'orgId' } as const;
const ReadQuery = z.object({ minPosition: MinPosition });
const P = '/proposals/:ref/:orgId';

const forbidden = (code: string, title: string) => new HttpProblem({ type: problemType(code), title, status: 403 });


/** What a reviewer reads before declaring: enough to know whether they have a conflict, not the proposal itself. */
const summaryOf = (v: ProposalView, organizationName: string) => ({
  proposalId: v._id,
  callId: v.callId,
  organizationId: v.organizationId,
  organizationName,
  title: v.fullProposal?.title ?? v.conceptNote?.title ?? v.direct?.title,
  status: v.status,
});

/**
 * Assessment of one proposal: full proposal, information requests, screening, conflicts of
 * interest, scoring, the legal & ethical check, recommendation, decision, offer, feedback, appeal.
 */
export const assessmentRoutes = (deps: CallsDeps): RouteSpec<any, any>[] => {
  const { store, readModels, subjectIds } = deps;
  const run = runProposalCommand.bind(null, store);
  /** Events and read models name people by member id, never by username. */
  const memberIdOf = (principal: Principal | undefined) => subjectIds.forUsername(principal!.username);

  /** The reviewer must sit on this proposal's panel (the call's reviewers, by member id). */
  const panelFrame = async (view: ProposalView, memberId: string) => {
    const frame = await frameOf(readModels, view);
    if (!frame.reviewers.includes(memberId)) throw forbidden('proposal.reviewer-not-assigned', 'You are not a reviewer of this proposal');
    return frame;
  };

  return [
    route({
      method: 'get',
      path: P,
      summary: 'A proposal as the NCTC and auditors see it; the applicant sees its own without the panel’s deliberation',
      access: [ADMIN, { role: 'auditor' }, OWN_PARTNER],
      query: ReadQuery,
      success: {
        status: 200,
        description: 'The proposal in full for the NCTC and auditors; the applicant’s own view otherwise (ETag: its revision)',
        body: z.union([ProposalRead, ApplicantProposalRead]),
      },
      handler: async ({ req, res, query, principal }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const view = await findProposal(readModels, proposalIdFrom(req));
        const full = principal!.roles.includes('nctc-admin') || principal!.roles.includes('auditor');
        res.set('ETag', etag(BigInt(view.revision))).json(full ? view : applicantView(view));
      },
    }),
    route({
      method: 'get',
      path: '/applicants/:orgId/proposals',
      summary: 'Every proposal of one applicant organisation (calls and direct partnerships), each as the applicant reads it: its own members only',
      access: [OWN_PARTNER],
      query: ReadQuery,
      success: { status: 200, description: 'The organisation’s proposals without the panel’s deliberation, by proposal id', body: ApplicantProposalList },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const views = await readModels.collection<ProposalView>(PROPOSALS).find({ organizationId: String(req.params.orgId) }, { sort: { _id: 1 }, projection: { _applied: 0 } });
        res.json({ items: views.map(applicantView) });
      },
    }),
    ...(['post', 'put'] as const).map((method) =>
      route({
        method,
        path: `${P}/full-proposal`,
        summary: method === 'post' ? 'Submit the full proposal once shortlisted, before its deadline' : 'Amend the full proposal before its deadline (or while reopened)',
        access: [OWN_PARTNER],
        body: FullProposal,
        success: method === 'post' ? commandAccepted(201, 'Submitted') : commandAccepted(202, 'Amended'),
        responses: { 409: 'Not shortlisted, or locked at the deadline', 422: 'Outside the call’s budget or counties' },
        handler: async ({ req, res, body }) => {
          const proposalId = proposalIdFrom(req);
          const frame = await frameOf(readModels, await findProposal(readModels, proposalId));
          const result = await run(req, proposalId, { type: method === 'post' ? 'SubmitFullProposal' : 'AmendFullProposal', data: { fullProposal: body, frame } });
          sendCommandResult(res, method === 'post' ? 201 : 202, result);
        },
      }),
    ),
    route({
      method: 'post',
      path: `${P}/information-requests`,
      summary: 'Ask the applicant for information, reopening this one submission until a new date',
      access: [ADMIN],
      body: InformationRequestBody,
      success: commandAccepted(202, 'Requested: the submission is open again until then'),
      handler: async ({ req, res, body }) => sendCommandResult(res, 202, await run(req, proposalIdFrom(req), { type: 'RequestInformation', data: body })),
    }),
    route({
      method: 'post',
      path: `${P}/screening`,
      summary: 'Screen eligibility (type, registration status, county/pillar fit, completeness), recording every reason',
      access: [ADMIN],
      body: z.object({}).strict(),
      success: commandAccepted(202, 'Screened, every check recorded with its reason'),
      handler: async ({ req, res }) => {
        const proposalId = proposalIdFrom(req);
        const view = await findProposal(readModels, proposalId);
        const { applicant } = await organizationFacts(readModels, view.organizationId);
        sendCommandResult(res, 202, await run(req, proposalId, { type: 'ScreenProposal', data: { frame: await frameOf(readModels, view), applicant } }));
      },
    }),
    route({
      method: 'get',
      path: '/reviews',
      summary: 'The caller’s review assignments: screened-in proposals on their panels, with their declaration and sheet status',
      access: [REVIEWER],
      query: ReadQuery,
      success: { status: 200, description: 'The caller’s assignments', body: ReviewAssignments },
      handler: async ({ res, query, principal }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const memberId = memberIdOf(principal);
        const candidates = await readModels.collection<ProposalView>(PROPOSALS).find({ status: { $in: ['eligible', 'recommended', 'approved', 'rejected', 'offer-accepted', 'offer-declined'] } }, { sort: { _id: 1 } });
        // One read per call and per organisation, not per proposal.
        const panels = new Map<string, Promise<string[]>>();
        const panelOf = (view: ProposalView) => {
          const key = view.direct ? view._id : view.callId; // a direct partnership carries its own panel
          if (!panels.has(key)) panels.set(key, frameOf(readModels, view).then((f) => f.reviewers));
          return panels.get(key)!;
        };
        const names = new Map<string, Promise<string>>();
        const nameOf = (organizationId: string) => {
          if (!names.has(organizationId)) names.set(organizationId, organizationFacts(readModels, organizationId).then((f) => f.name));
          return names.get(organizationId)!;
        };
        const items = [];
        for (const view of candidates) {
          if (!(await panelOf(view)).includes(memberId)) continue;
          const declaration = view.declarations.find((d) => d.reviewer === memberId);
          const name = await nameOf(view.organizationId);
          items.push({
            ...summaryOf(view, name),
            declared: declaration !== undefined,
            recused: declaration?.recused ?? false,
            locked: view.lockedSheets.some((s) => s.reviewer === memberId),
          });
        }
        res.json({ items });
      },
    }),
    route({
      method: 'post',
      path: `${P}/conflict-declaration`,
      summary: 'Declare a conflict of interest (or none) before seeing the proposal in full; membership of the applicant recuses automatically',
      access: [REVIEWER],
      body: ConflictDeclarationBody,
      success: commandAccepted(202, 'Declared (and recused, for a conflict or a membership of the applicant)'),
      handler: async ({ req, res, body, principal }) => {
        const proposalId = proposalIdFrom(req);
        const view = await findProposal(readModels, proposalId);
        const frame = await panelFrame(view, memberIdOf(principal));
        const { members } = await organizationFacts(readModels, view.organizationId);
        const data = { reviewer: memberIdOf(principal), conflict: body.conflict, ...(body.details ? { details: body.details } : {}), reviewerIsMember: members.includes(memberIdOf(principal)), frame };
        sendCommandResult(res, 202, await run(req, proposalId, { type: 'DeclareConflict', data }));
      },
    }),
    route({
      method: 'get',
      path: `${P}/review`,
      summary: 'The proposal in full for a reviewer who declared no conflict and is not recused',
      access: [REVIEWER],
      query: ReadQuery,
      success: { status: 200, description: 'The proposal with the criteria and scale it is scored on', body: ProposalForReview },
      handler: async ({ req, res, query, principal }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const view = await findProposal(readModels, proposalIdFrom(req));
        const frame = await panelFrame(view, memberIdOf(principal));
        const declaration = view.declarations.find((d) => d.reviewer === memberIdOf(principal));
        if (!declaration) throw forbidden('proposal.declaration-required', 'Declare any conflict of interest before reading the proposal in full');
        if (declaration.recused) throw forbidden('proposal.reviewer-recused', 'You are recused from this proposal (conflict of interest)');
        const { name } = await organizationFacts(readModels, view.organizationId);
        res.json({ ...summaryOf(view, name), conceptNote: view.conceptNote, fullProposal: view.fullProposal, screening: view.screening, criteria: frame.criteria, scoreScale: frame.scoreScale });
      },
    }),
    ...(['save', 'lock'] as const).map((step) =>
      route({
        method: step === 'save' ? 'put' : 'post',
        path: step === 'save' ? `${P}/score-sheet` : `${P}/score-sheet/lock`,
        summary: step === 'save' ? 'Save a draft of the caller’s score sheet' : 'Lock the caller’s score sheet: every criterion scored, with a comment; final',
        access: [REVIEWER],
        body: step === 'save' ? ScoreSheetBody : LockScoreSheetBody,
        success: commandAccepted(202, step === 'save' ? 'Saved' : 'Locked'),
        responses: { 403: 'Not on the panel, recused, or not declared', 409: 'Already locked', 422: 'Outside the scale or incomplete' },
        handler: async ({ req, res, body, principal }) => {
          const proposalId = proposalIdFrom(req);
          const view = await findProposal(readModels, proposalId);
          const frame = await panelFrame(view, memberIdOf(principal));
          const scores = body.scores ? { scores: body.scores } : {};
          sendCommandResult(res, 202, await run(req, proposalId, { type: 'SaveScoreSheet', data: { reviewer: memberIdOf(principal), ...scores, lock: step === 'lock', frame } }));
        },
      }),
    ),
    route({
      method: 'get',
      path: `${P}/score-sheets`,
      summary: 'Score sheets: the NCTC sees all; a reviewer sees their own, and the others’ locked sheets only once theirs is locked',
      access: [ADMIN, REVIEWER],
      query: ReadQuery,
      success: { status: 200, description: 'The score sheets the caller may see, by reviewer', body: ScoreSheetList },
      handler: async ({ req, res, query, principal }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const proposalId = proposalIdFrom(req);
        const view = await findProposal(readModels, proposalId);
        const sheets = await readModels.collection<ScoreSheetView>(SCORE_SHEETS).find({ proposalId }, { sort: { reviewer: 1 }, projection: { _applied: 0 } });
        if (principal!.roles.includes('nctc-admin')) return void res.json({ items: sheets });
        await panelFrame(view, memberIdOf(principal));
        const own = sheets.find((s) => s._id === scoreSheetId(proposalId, memberIdOf(principal)));
        res.json({ items: own?.locked ? sheets.filter((s) => s.locked || s === own) : own ? [own] : [] });
      },
    }),
    route({
      method: 'post',
      path: `${P}/legal-ethical-check`,
      summary: 'Record the legal & ethical check (the secretariat, or a declared panel reviewer); a failed mandatory item blocks recommendation',
      access: [ADMIN, REVIEWER],
      body: LegalEthicalCheckBody,
      success: commandAccepted(202, 'Recorded'),
      handler: async ({ req, res, body, principal }) => {
        const proposalId = proposalIdFrom(req);
        const mandatory = Object.entries(LEGAL_ETHICAL_ITEMS)
          .filter(([, item]) => item.mandatory)
          .map(([id]) => id);
        const asReviewer = !principal!.roles.includes('nctc-admin');
        const panel = asReviewer ? await panelFrame(await findProposal(readModels, proposalId), memberIdOf(principal)) : undefined;
        const data = { items: body.items, checkedBy: memberIdOf(principal), mandatory, ...(panel ? { panel } : {}) };
        sendCommandResult(res, 202, await run(req, proposalId, { type: 'RecordLegalEthicalCheck', data }));
      },
    }),
    route({
      method: 'post',
      path: `${P}/recommendation`,
      summary: 'Record the panel’s recommendation, the body it goes to, conditions and rationale (every sheet locked, check recorded)',
      access: [ADMIN],
      body: RecommendationBody,
      success: commandAccepted(202, 'Recorded'),
      handler: async ({ req, res, body }) => {
        const proposalId = proposalIdFrom(req);
        const frame = await frameOf(readModels, await findProposal(readModels, proposalId));
        sendCommandResult(res, 202, await run(req, proposalId, { type: 'RecordRecommendation', data: { ...body, frame } }));
      },
    }),
    route({
      method: 'post',
      path: `${P}/decision`,
      summary: 'Record the decision of the body the recommendation names (its liaison, or the NCTC on its behalf)',
      access: [ADMIN, { role: 'donor' }],
      body: DecisionBody,
      success: commandAccepted(202, 'Recorded'),
      responses: { 403: 'The recommendation is addressed to another body', 409: 'Not recommended', 422: 'Blocked by the legal & ethical check' },
      handler: async ({ req, res, body }) => sendCommandResult(res, 202, await run(req, proposalIdFrom(req), { type: 'RecordDecision', data: body })),
    }),
    route({
      method: 'post',
      path: `${P}/offer-response`,
      summary: 'The applicant accepts or declines the offer',
      access: [OWN_PARTNER],
      body: OfferResponseBody,
      success: commandAccepted(202, 'Recorded'),
      handler: async ({ req, res, body }) => sendCommandResult(res, 202, await run(req, proposalIdFrom(req), { type: 'RespondToOffer', data: body })),
    }),
    route({
      method: 'post',
      path: `${P}/feedback`,
      summary: 'Give the applicant feedback; the appeal window (the call’s, 7 days by default) starts now',
      access: [ADMIN],
      body: FeedbackBody,
      success: commandAccepted(202, 'Given: the appeal window starts now'),
      handler: async ({ req, res, body }) => {
        const proposalId = proposalIdFrom(req);
        const frame = await frameOf(readModels, await findProposal(readModels, proposalId));
        sendCommandResult(res, 202, await run(req, proposalId, { type: 'GiveFeedback', data: { feedback: body.feedback, appealWindowDays: frame.appealWindowDays } }));
      },
    }),
    route({
      method: 'post',
      path: `${P}/appeal`,
      summary: 'The applicant appeals within the window',
      access: [OWN_PARTNER],
      body: AppealBody,
      success: commandAccepted(202, 'Lodged'),
      handler: async ({ req, res, body }) => sendCommandResult(res, 202, await run(req, proposalIdFrom(req), { type: 'LodgeAppeal', data: body })),
    }),
    route({
      method: 'get',
      path: `${P}/history`,
      summary: 'Every decision on this proposal, hash-chained, with the chain’s verdict (auditors)',
      access: [{ role: 'auditor' }],
      success: { status: 200, description: 'Every event of the proposal with the hash chain’s verdict', body: StreamHistoryBody },
      handler: async ({ req, res }) => {
        const history = await streamHistory(store, proposalStreamId(proposalIdFrom(req)));
        if (!history) throw notFound('No such proposal');
        res.json(history);
      },
    }),
    route({
      method: 'post',
      path: `${P}/appeal-decision`,
      summary: 'Decide an appeal: by an NCTC admin or a reviewer who neither scored the proposal nor is recused from it',
      access: [ADMIN, REVIEWER],
      body: AppealDecisionBody,
      success: commandAccepted(202, 'Decided'),
      responses: { 403: 'Scored the proposal, or recused from it', 409: 'No appeal pending' },
      handler: async ({ req, res, body, principal }) => {
        const proposalId = proposalIdFrom(req);
        const { members } = await organizationFacts(readModels, (await findProposal(readModels, proposalId)).organizationId);
        const reviewer = memberIdOf(principal);
        const data = { ...body, reviewer, deciderIsMember: members.includes(reviewer) };
        sendCommandResult(res, 202, await run(req, proposalId, { type: 'DecideAppeal', data }));
      },
    }),
  ];
};
