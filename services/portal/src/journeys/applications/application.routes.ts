import { Router, type Request, type Response } from 'express';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import { ServiceRefusedError } from '../../person-api';
import type { JourneyTools } from '../journey';
import { answersOf, NAMESPACE, refusalOf, text, type Answers } from './answers';
import { applicationPage, isDirect, myApplications, openRequest, proposalPath, titleOf, type Application, type CallSummary } from './applications-api';
import { organizationOf } from './person';

/** The confirmations a person can land on after sending something about an application. */
const SENT = new Set(['concept-note', 'full-proposal', 'amended', 'offer-accepted', 'offer-declined', 'appeal']);

const submissionOf = (req: Request): string => {
  const value = (req.body as Record<string, unknown>).submission;
  return typeof value === 'string' ? value : '';
};

/** "My applications", one application's page with what the person may do next, and the question form. */
export const applicationRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const { render, requireSignIn } = tools;

  router.get('/applications', requireSignIn, async (req, res) => {
    const organizationId = organizationOf(res);
    const mine = await myApplications(tools.api(res), organizationId);
    render(req, res, 'applications/index', { ...mine, organizationId, titleOf, applicationPage });
  });

  const load = async (req: Request, res: Response) => {
    const ref = String(req.params.ref);
    const orgId = String(req.params.orgId);
    const api = tools.api(res);
    const application = await api.read<Application>('proposals', proposalPath(ref, orgId));
    const call = isDirect(ref) ? undefined : await api.read<CallSummary>('proposals', `/calls/${encodeURIComponent(ref)}`);
    return { application, call, page: applicationPage(ref, orgId) };
  };

  const showApplication = async (req: Request, res: Response, form: { name?: string; answers?: Answers; errors?: FieldError[] } = {}, status = 200) => {
    const loaded = await load(req, res);
    render(
      req,
      res,
      'applications/application',
      {
        ...loaded,
        title: titleOf(loaded.application),
        request: openRequest(loaded.application),
        // Whether to offer "Update": the service still decides whether the change is taken.
        fullProposalOpen: loaded.application.fullProposalDeadline !== undefined && Date.parse(loaded.application.fullProposalDeadline) > Date.now(),
        form: form.name, answers: form.answers ?? new Map(), errors: form.errors ?? [], submission: form.errors?.length ? submissionOf(req) : undefined },
      status,
    );
  };

  router.get('/applications/proposals/:ref/:orgId', requireSignIn, (req, res) => showApplication(req, res));

  router.get('/applications/proposals/:ref/:orgId/sent/:what', requireSignIn, async (req, res, next) => {
    if (!SENT.has(String(req.params.what))) return next();
    const loaded = await load(req, res);
    return render(req, res, 'applications/sent', { ...loaded, title: titleOf(loaded.application), what: String(req.params.what) });
  });

  /** A decision on the application sent to the service; a refusal shows on the page next to the form. */
  const act = (name: 'offer' | 'appeal', fields: string[], bodyOf: (answers: Answers) => Record<string, unknown>, paths: Map<string, string>, sent: (answers: Answers) => string) =>
    router.post(`/applications/proposals/:ref/:orgId/${name}`, requireSignIn, async (req, res) => {
      const answers = answersOf(req, fields);
      const path = `${proposalPath(String(req.params.ref), String(req.params.orgId))}/${name === 'offer' ? 'offer-response' : 'appeal'}`;
      const result = await tools.api(res).send('proposals', 'POST', path, bodyOf(answers), submissionOf(req));
      if (result.ok) return res.redirect(303, `${applicationPage(String(req.params.ref), String(req.params.orgId))}/sent/${sent(answers)}`);
      if (result.problem.status === 401) throw new ServiceRefusedError(result.problem);
      const fallback = [...paths.values()][0]!;
      const refusal = refusalOf(result.problem, new Map(), fallback);
      return showApplication(req, res, { name, answers, errors: refusal ? [refusal] : fieldErrorsOf(result.problem, NAMESPACE, paths, fallback) }, result.problem.status);
    });

  act(
    'offer',
    ['response', 'note'],
    (answers) => ({ response: text(answers, 'response'), ...(text(answers, 'note').trim() ? { note: text(answers, 'note') } : {}) }),
    new Map([
      ['response', 'response'],
      ['note', 'note'],
    ]),
    (answers) => (text(answers, 'response') === 'decline' ? 'offer-declined' : 'offer-accepted'),
  );
  act('appeal', ['grounds'], (answers) => ({ grounds: text(answers, 'grounds') }), new Map([['grounds', 'grounds']]), () => 'appeal');

  // A question on an open call: answers are published on the call's public page, never naming who asked.
  const callOf = (req: Request, res: Response) => tools.api(res).read<CallSummary>('proposals', `/calls/${encodeURIComponent(String(req.params.callId))}`);
  router.get('/applications/calls/:callId/question', requireSignIn, async (req, res) => {
    render(req, res, 'applications/question-form', { call: await callOf(req, res), answers: new Map(), errors: [] });
  });
  router.post('/applications/calls/:callId/question', requireSignIn, async (req, res) => {
    const call = await callOf(req, res);
    const answers = answersOf(req, ['question']);
    const result = await tools.api(res).send('proposals', 'POST', `/calls/${encodeURIComponent(call._id)}/clarifications`, { question: text(answers, 'question') }, submissionOf(req));
    if (result.ok) return res.redirect(303, `/applications/calls/${encodeURIComponent(call._id)}/question/sent`);
    if (result.problem.status === 401) throw new ServiceRefusedError(result.problem);
    const refusal = refusalOf(result.problem, new Map(), 'question');
    const errors = refusal ? [refusal] : fieldErrorsOf(result.problem, NAMESPACE, new Map([['question', 'question']]), 'question');
    return render(req, res, 'applications/question-form', { call, answers, errors, submission: submissionOf(req) }, result.problem.status);
  });
  router.get('/applications/calls/:callId/question/sent', requireSignIn, async (req, res) => {
    render(req, res, 'applications/question-sent', { call: await callOf(req, res) });
  });
  return router;
};
