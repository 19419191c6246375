import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { handleCommand, type EventStore, type ProjectionProgress, type SubjectIds } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { AnswerClarificationBody, AskClarificationBody, CallDetails, CallId, CallList, CallRead, ClarificationList, DraftCallBody, NoBody, ReasonBody, callStreamId } from '@csm/contracts';
import { commandAccepted, commandMetadata, etag, HttpProblem, ifMatchRevision, MinPosition, problemType, route, sendCommandResult, streamHistory, StreamHistoryBody, waitForPosition, type RouteSpec } from '@csm/http';
import { callDecider } from '../domain/call.decider';
import type { CallCommand } from '../domain/call';
import { CALLS, type CallView } from '../projections/calls.projection';
import { CLARIFICATIONS, type Clarification } from '../projections/clarifications.projection';
import { PROPOSALS, type ProposalView } from '../projections/proposals.projection';
import { organizationFacts } from './proposal-access';

export interface CallsDeps {
  store: EventStore;
  /** Member ids of users (`forUsername`): registration's events name members by them. */
  subjectIds: SubjectIds;
  readModels: ReadModels;
  /** How far the projections feeding this service's read models have got, for read-your-writes. */
  projections: ProjectionProgress;
}

const ADMIN = { role: 'nctc-admin' } as const;
const ReadQuery = z.object({ minPosition: MinPosition });
const hidden = { _applied: 0 } as const;

const callIdOf = (req: Request): string => {
  const parsed = CallId.safeParse(req.params.id);
  if (!parsed.success) throw new HttpProblem({ type: problemType('not-found'), title: 'No such call', status: 404 });
  return parsed.data;
};

const isAdmin = (req: Request) => req.principal?.roles.includes('nctc-admin') ?? false;

/** The panel is the NCTC's to know (and auditors'); everyone else, the public first, sees the call without it. */
const seesPanel = (req: Request) => isAdmin(req) || (req.principal?.roles.includes('auditor') ?? false);
const withoutPanel = ({ details: { reviewers: _panel, ...details }, ...call }: CallView) => ({ ...call, details });
const callAsSeenBy = (req: Request, call: CallView) => (seesPanel(req) ? call : withoutPanel(call));

/** Calls for proposals, read top to bottom: draft → publish → clarify → close → finalise. */
export const callsRoutes = (deps: CallsDeps): RouteSpec<any, any>[] => {
  const { store, readModels, subjectIds } = deps;
  /** The panel is given by username and recorded by member id: events never carry usernames. */
  const panelByMemberId = (details: CallDetails): CallDetails => ({ ...details, reviewers: details.reviewers.map((username) => subjectIds.forUsername(username)) });
  const dispatch = (req: Request, build: (callId: string) => Omit<CallCommand, 'metadata'>) => {
    const callId = callIdOf(req);
    const command = { ...build(callId), metadata: commandMetadata(req) } as CallCommand;
    return handleCommand(store, callDecider, callStreamId(callId), command, { ifMatchRevision: ifMatchRevision(req) });
  };
  const lifecycle = (path: string, summary: string, body: z.ZodType<any>, build: (callId: string, body: any) => Omit<CallCommand, 'metadata'>) =>
    route({
      method: 'post',
      path: `/calls/:id/${path}`,
      summary,
      access: [ADMIN],
      body,
      success: commandAccepted(202, 'Accepted'),
      responses: { 409: 'Not allowed in the current status', 422: 'A deadline forbids it' },
      handler: async ({ req, res, body: parsed }) => sendCommandResult(res, 202, await dispatch(req, (callId) => build(callId, parsed))),
    });

  /** Drafts are the NCTC's; everyone else sees a call once it is published. */
  const visibleCall = async (req: Request): Promise<CallView> => {
    const call = await readModels.collection<CallView>(CALLS).findOne({ _id: callIdOf(req) }, { projection: hidden });
    if (!call || (call.status === 'draft' && !isAdmin(req))) throw new HttpProblem({ type: problemType('not-found'), title: 'No such call', status: 404 });
    return call;
  };

  return [
    route({
      method: 'post',
      path: '/calls',
      summary: 'Draft a call for proposals',
      access: [ADMIN],
      body: DraftCallBody,
      success: commandAccepted(201, 'Drafted'),
      responses: { 409: 'The id is taken' },
      handler: async ({ req, res, body }) => {
        const command: CallCommand = { type: 'DraftCall', data: { callId: body.callId, details: panelByMemberId(body.details) }, metadata: commandMetadata(req) };
        const result = await handleCommand(store, callDecider, callStreamId(body.callId), command);
        res.location(`/calls/${body.callId}`);
        sendCommandResult(res, 201, result);
      },
    }),
    route({
      method: 'put',
      path: '/calls/:id',
      summary: 'Amend a draft call',
      access: [ADMIN],
      body: CallDetails,
      success: commandAccepted(202, 'Accepted'),
      responses: { 409: 'Not a draft' },
      handler: async ({ req, res, body }) =>
        sendCommandResult(res, 202, await dispatch(req, (callId) => ({ type: 'AmendCallDraft', data: { callId, details: panelByMemberId(body) } }))),
    }),
    lifecycle('publish', 'Publish a draft call', NoBody, (callId) => ({ type: 'PublishCall', data: { callId } })),
    lifecycle('close', 'Close a call after its submission deadline', NoBody, (callId) => ({ type: 'CloseCall', data: { callId } })),
    route({
      method: 'post',
      path: '/calls/:id/finalise',
      summary: 'Finalise a closed call once every applicant has had feedback',
      access: [ADMIN],
      body: NoBody,
      success: commandAccepted(202, 'Finalised'),
      responses: { 409: 'Not closed, or feedback still owed' },
      handler: async ({ req, res }) => {
        const applicants = await readModels.collection<ProposalView>(PROPOSALS).find({ callId: callIdOf(req) });
        // A declined concept note's reason is its feedback.
        const awaitingFeedback = applicants.filter((p) => !p.feedback && p.status !== 'declined').map((p) => p.organizationId);
        sendCommandResult(res, 202, await dispatch(req, (callId) => ({ type: 'FinaliseCall', data: { callId, awaitingFeedback } })));
      },
    }),
    lifecycle('cancel', 'Cancel a call, with the reason', ReasonBody, (callId, body) => ({ type: 'CancelCall', data: { callId, reason: body.reason } })),
    route({
      method: 'get',
      path: '/calls',
      summary: 'Calls for proposals (published and later; the NCTC also sees drafts)',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'The calls, by submission deadline', body: CallList },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const filter = isAdmin(req) ? {} : { status: { $ne: 'draft' } };
        const calls = await readModels.collection<CallView>(CALLS).find(filter, { sort: { 'details.timeline.submissionDeadline': 1, _id: 1 }, projection: hidden });
        res.json({ items: calls.map((call) => callAsSeenBy(req, call)) });
      },
    }),
    route({
      method: 'get',
      path: '/calls/:id/history',
      summary: 'Every decision on this call, hash-chained, with the chain’s verdict (auditors)',
      access: [{ role: 'auditor' }],
      success: { status: 200, description: 'Every event of the call with the hash chain’s verdict', body: StreamHistoryBody },
      handler: async ({ req, res }) => {
        const callId = CallId.safeParse(req.params.id);
        const history = callId.success ? await streamHistory(store, callStreamId(callId.data)) : null;
        if (!history) throw new HttpProblem({ type: problemType('not-found'), title: 'No such call', status: 404 });
        res.json(history);
      },
    }),
    route({
      method: 'get',
      path: '/calls/:id',
      summary: 'One call',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'The call (ETag: its revision)', body: CallRead },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const call = await visibleCall(req);
        res.set('ETag', etag(BigInt(call.revision))).json(callAsSeenBy(req, call));
      },
    }),
    route({
      method: 'post',
      path: '/calls/:id/clarifications',
      summary: 'Ask a question about a call (verified organisations, until the clarification deadline)',
      access: [{ role: 'partner' }],
      body: AskClarificationBody,
      success: commandAccepted(202, 'Asked'),
      responses: { 403: 'The organisation is not verified', 409: 'Clarifications are closed' },
      handler: async ({ req, res, body, principal }) => {
        // An account with no organisation is simply not a verified one.
        const organizationId = principal?.organizationId ?? 'none';
        const { applicant } = await organizationFacts(readModels, organizationId);
        const result = await dispatch(req, (callId) => ({
          type: 'AskClarification',
          data: { callId, questionId: randomUUID(), question: body.question, organizationId, organizationVerified: applicant.verified },
        }));
        sendCommandResult(res, 202, result);
      },
    }),
    route({
      method: 'post',
      path: '/calls/:id/clarifications/:questionId/answer',
      summary: 'Answer a question: the answer is published to every applicant',
      access: [ADMIN],
      body: AnswerClarificationBody,
      success: commandAccepted(202, 'Answered'),
      responses: { 404: 'No such call or question', 409: 'Already answered' },
      handler: async ({ req, res, body }) =>
        sendCommandResult(res, 202, await dispatch(req, (callId) => ({ type: 'AnswerClarification', data: { callId, questionId: String(req.params.questionId), answer: body.answer } }))),
    }),
    route({
      method: 'get',
      path: '/calls/:id/clarifications',
      summary: 'Questions and answers of a call: answered ones for everyone, all with the asker for the NCTC',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'Questions in the order asked', body: ClarificationList },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const call = await visibleCall(req);
        const admin = isAdmin(req);
        const items = await readModels
          .collection<Clarification>(CLARIFICATIONS)
          .find({ callId: call._id, ...(admin ? {} : { answer: { $exists: true } }) }, { sort: { askedAt: 1, _id: 1 }, projection: admin ? hidden : { ...hidden, askedBy: 0 } });
        // One name for a question's id everywhere: the list's `questionId` is what the answer route takes.
        res.json({ items: items.map(({ _id, ...c }) => ({ questionId: _id.split('/')[1]!, ...c })) });
      },
    }),
  ];
};
