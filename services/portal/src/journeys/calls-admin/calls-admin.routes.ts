import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { COUNTIES, ORGANIZATION_TYPES, PILLAR_IDS, type CallRead } from '@csm/contracts';
import type { Journey, JourneyTools } from '../journey';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import { ServiceRefusedError, type PersonApi } from '../../person-api';
import type { ServiceProblem } from '../../service-client';
import { formText, refusalOf } from '../../forms/form-values';
import { AMEND_FIELDS, answersFromCall, answersOf, CALL_FIELDS, callDetailsOf, emptyAnswers, reviewersOf, type CallAnswers } from './call-form';
import { applicationRoutes } from './applications.routes';

/** The proposals API's `CallRead`. */
export type CallRecord = z.infer<typeof CallRead>;
export interface QuestionRecord {
  questionId: string;
  question: string;
  askedAt: string;
  askedBy?: string;
  answer?: string;
}
export interface ApplicationRecord {
  _id: string;
  callId: string;
  organizationId: string;
  status: string;
  conceptNote?: { title: string; summary: string; counties: string[]; pillars: string[]; requestedBudget: { currency: string; amount: number }; durationMonths: number };
  fullProposal?: { title: string; summary: string; budget: { currency: string; lines: { description: string; category: string; amount: number }[] }; durationMonths: number; counties: string[] };
  fullProposalDeadline?: string;
  declineReason?: string;
  informationRequests: { message: string; until: string }[];
  screening?: { outcome: string; checks: { check: string; passed: boolean; reason: string }[] };
  declarations: { reviewer: string; conflict: boolean; recused: boolean }[];
  lockedSheets: { reviewer: string; weightedScore: number }[];
  legalEthicalCheck?: { items: { item: string; score: number; passed: boolean; note: string }[]; blocking: boolean };
  recommendation?: { outcome: string; body: { kind: string; name: string; id?: string }; conditions: string[]; rationale: string };
  decision?: { decision: string; amount?: number; note: string };
  feedback?: { feedback: string; appealDeadline: string };
  appeal?: { grounds: string; outcome?: string; reason?: string };
  submittedAt: string;
}

/** Decisions on the call itself without a form of their own: a button on the call's page. */
const CALL_STEPS = new Map([
  ['publish', 'draft'],
  ['close', 'published'],
  ['finalise', 'closed'],
]);
/** What the call's page confirms after a step (`?done=`): anything else shows no confirmation. */
const CALL_DONE = new Set(['draft', 'amend', 'publish', 'close', 'finalise', 'answer', 'cancel']);
/** The pack's renderings the service offers, and the file names people get. */
const PACK_FORMATS = new Map([
  ['csv', 'recommendation-pack.csv'],
  ['html', 'recommendation-pack.html'],
]);

export const callPath = (id: string) => `/calls/${encodeURIComponent(id)}`;
export const countyName = (code: string) => COUNTIES.find((c) => c.code === code)?.name ?? code;

/** The organisations' names for a list of applications, as registration knows them (the NCTC reads them all). */
export const organisationNames = async (api: PersonApi, ids: string[]): Promise<Map<string, string>> => {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const result = await api.get<{ profile: { name: string } }>('registration', `/organizations/${encodeURIComponent(id)}`);
      names.set(id, result.ok ? result.body.profile.name : id);
    }),
  );
  return names;
};

/** A validation problem onto the fields; any other refusal (a status, a deadline) in the service's words. */
export const problemOnForm = (problem: ServiceProblem, fields: ReadonlyMap<string, string>, fallback: string): { errors: FieldError[]; refusal?: string } => {
  // Not this person's to do, or gone: the not-allowed or not-found page, not a message on the form.
  if ([401, 403, 404].includes(problem.status)) throw new ServiceRefusedError(problem);
  return problem.status === 400 ? { errors: fieldErrorsOf(problem, 'callsAdmin', fields, fallback) } : { errors: [], refusal: refusalOf(problem) };
};

const statusOf = (problem: ServiceProblem) => (problem.status === 400 ? 400 : problem.status === 422 ? 422 : 409);

export const callsAdminRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  router.use('/manage', tools.requireSignIn);

  router.get('/manage/calls', async (req, res) => {
    const { items } = await tools.api(res).read<{ items: CallRecord[] }>('proposals', '/calls');
    tools.render(req, res, 'calls-admin/calls', { calls: items });
  });

  // Drafting and amending a draft: the form, then "check your answers", then the command.
  const formOptions = { counties: COUNTIES, pillars: PILLAR_IDS, types: ORGANIZATION_TYPES };
  /** `editing`: the call being amended (its id cannot change); absent for a new draft. */
  const showForm = (req: Request, res: Response, answers: CallAnswers, editing: string | undefined, extra: { errors?: FieldError[]; refusal?: string; submission?: string } = {}, status = 200) =>
    tools.render(req, res, 'calls-admin/new-call', { ...formOptions, answers, editing, formAction: formActionOf(editing), errors: [], ...extra }, status);
  const formActionOf = (editing: string | undefined) => (editing ? `/manage/calls/${encodeURIComponent(editing)}/edit` : '/manage/calls/new');

  /** One flow for both: the answers to check, back to the form to change, or the command sent. */
  const submitForm = async (req: Request, res: Response, editing: string | undefined) => {
    const answers = editing ? { ...answersOf(req), callId: editing } : answersOf(req);
    const submission = formText(req, 'submission');
    if (formText(req, 'step') === 'change') return showForm(req, res, answers, editing, { submission });
    if (formText(req, 'step') !== 'confirm') {
      return tools.render(req, res, 'calls-admin/check-call', { answers, editing, formAction: formActionOf(editing), details: callDetailsOf(answers), reviewers: reviewersOf(answers.reviewers), countyName, submission });
    }
    const result = editing
      ? await tools.api(res).send('proposals', 'PUT', callPath(editing), callDetailsOf(answers), submission)
      : await tools.api(res).send('proposals', 'POST', '/calls', { callId: answers.callId, details: callDetailsOf(answers) }, submission);
    if (result.ok) return res.redirect(303, `/manage/calls/${encodeURIComponent(answers.callId)}?done=${editing ? 'amend' : 'draft'}`);
    return showForm(req, res, answers, editing, { submission, ...problemOnForm(result.problem, editing ? AMEND_FIELDS : CALL_FIELDS, editing ? 'title' : 'callId') }, statusOf(result.problem));
  };

  router.get('/manage/calls/new', async (req, res) => {
    // Only the NCTC drafts calls: anyone else gets the not-allowed page before filling a form in vain.
    await tools.api(res).read('registration', '/organizations', { limit: '1' });
    showForm(req, res, emptyAnswers(), undefined);
  });
  router.post('/manage/calls/new', (req, res) => submitForm(req, res, undefined));

  router.get('/manage/calls/:id/edit', async (req, res) => {
    const call = await tools.api(res).read<CallRecord>('proposals', callPath(req.params.id));
    showForm(req, res, answersFromCall(call), call._id);
  });
  router.post('/manage/calls/:id/edit', (req, res) => submitForm(req, res, String(req.params.id)));

  /** The call's admin page: its details, its questions, its applications, and the steps open to it now. */
  const showCall = async (req: Request, res: Response, extra: { refusal?: string } = {}, status = 200) => {
    const api = tools.api(res);
    const id = String(req.params.id);
    const call = await api.read<CallRecord>('proposals', callPath(id));
    const [questions, applications] = await Promise.all([
      api.read<{ items: QuestionRecord[] }>('proposals', `${callPath(id)}/clarifications`),
      api.read<{ items: ApplicationRecord[] }>('proposals', `${callPath(id)}/concept-notes`),
    ]);
    const names = await organisationNames(api, [...applications.items.map((a) => a.organizationId), ...questions.items.flatMap((q) => (q.askedBy ? [q.askedBy] : []))]);
    const done = typeof req.query.done === 'string' && CALL_DONE.has(req.query.done) ? req.query.done : undefined;
    tools.render(
      req,
      res,
      'calls-admin/call',
      { call, questions: questions.items, applications: applications.items, names, done, countyName, steps: [...CALL_STEPS].filter(([, from]) => from === call.status).map(([step]) => step), ...extra },
      status,
    );
  };
  router.get('/manage/calls/:id', (req, res) => showCall(req, res));

  router.post('/manage/calls/:id/:step', async (req, res, next) => {
    if (!CALL_STEPS.has(req.params.step)) return next();
    const result = await tools.api(res).send('proposals', 'POST', `${callPath(req.params.id)}/${req.params.step}`, {}, formText(req, 'submission'));
    if (result.ok) return res.redirect(303, `/manage/calls/${encodeURIComponent(req.params.id)}?done=${req.params.step}`);
    if ([401, 403, 404].includes(result.problem.status)) throw new ServiceRefusedError(result.problem);
    return showCall(req, res, { refusal: refusalOf(result.problem) }, statusOf(result.problem));
  });

  // Forms on pages of their own: answering a question, cancelling the call.
  const showAnswer = async (req: Request, res: Response, extra: { value?: string; errors?: FieldError[]; refusal?: string; submission?: string } = {}, status = 200) => {
    const api = tools.api(res);
    const call = await api.read<CallRecord>('proposals', callPath(String(req.params.id)));
    const { items } = await api.read<{ items: QuestionRecord[] }>('proposals', `${callPath(String(req.params.id))}/clarifications`);
    const question = items.find((q) => q.questionId === req.params.questionId);
    if (!question) throw new ServiceRefusedError({ type: 'about:blank', title: 'No such question', status: 404 });
    tools.render(req, res, 'calls-admin/answer', { call, question, value: '', errors: [], ...extra }, status);
  };
  router.get('/manage/calls/:id/questions/:questionId', (req, res) => showAnswer(req, res));
  router.post('/manage/calls/:id/questions/:questionId', async (req, res) => {
    const value = formText(req, 'answer');
    const submission = formText(req, 'submission');
    const result = await tools.api(res).send('proposals', 'POST', `${callPath(req.params.id)}/clarifications/${encodeURIComponent(req.params.questionId)}/answer`, { answer: value }, submission);
    if (result.ok) return res.redirect(303, `/manage/calls/${encodeURIComponent(req.params.id)}?done=answer`);
    return showAnswer(req, res, { value, submission, ...problemOnForm(result.problem, new Map([['answer', 'answer']]), 'answer') }, statusOf(result.problem));
  });

  const showCancel = async (req: Request, res: Response, extra: { value?: string; errors?: FieldError[]; refusal?: string; submission?: string } = {}, status = 200) => {
    const call = await tools.api(res).read<CallRecord>('proposals', callPath(String(req.params.id)));
    tools.render(req, res, 'calls-admin/cancel', { call, value: '', errors: [], ...extra }, status);
  };
  router.get('/manage/calls/:id/cancel', (req, res) => showCancel(req, res));
  router.post('/manage/calls/:id/cancel', async (req, res) => {
    const value = formText(req, 'reason');
    const submission = formText(req, 'submission');
    const result = await tools.api(res).send('proposals', 'POST', `${callPath(req.params.id)}/cancel`, { reason: value }, submission);
    if (result.ok) return res.redirect(303, `/manage/calls/${encodeURIComponent(req.params.id)}?done=cancel`);
    return showCancel(req, res, { value, submission, ...problemOnForm(result.problem, new Map([['reason', 'reason']]), 'reason') }, statusOf(result.problem));
  });

  /**
   * The recommendation pack as the service renders it, passed through as a download: its content
   * type, and always as an attachment, so the HTML pack never runs as a page of the portal.
   */
  router.get('/manage/calls/:id/pack.:format', async (req, res, next) => {
    const file = PACK_FORMATS.get(req.params.format);
    if (!file) return next();
    const upstream = await tools.api(res).download('proposals', `${callPath(req.params.id)}/${file}`);
    if (!upstream.ok) {
      const problem = (upstream.headers.get('content-type') ?? '').includes('json') ? ((await upstream.json()) as ServiceProblem) : { type: 'about:blank', title: upstream.statusText, status: upstream.status };
      throw new ServiceRefusedError(problem);
    }
    res.status(200).set({
      'Content-Type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${req.params.id}-${file}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (!upstream.body) return res.end();
    return pipeline(Readable.fromWeb(upstream.body as never), res);
  });

  router.use(applicationRoutes(tools));
  return router;
};

export const callsAdminJourney: Journey = {
  routes: callsAdminRoutes,
  navigation: [{ href: '/manage/calls', key: 'callsAdmin.nav', roles: ['nctc-admin'] }],
};
