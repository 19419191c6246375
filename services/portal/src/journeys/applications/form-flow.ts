import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../../forms/problem-fields';
import { ServiceRefusedError } from '../../person-api';
import type { ServiceProblem, ServiceResult } from '../../service-client';
import type { JourneyTools } from '../journey';
import { answersOf, hiddenPairs, missingAnswers, type Answers } from './answers';

/**
 * One form with a "check your answers" page before it is sent:
 *   GET  <path>         the form (blank, or what was sent before)
 *   POST <path>/check   required answers present → the check page, else the form with errors
 *   POST <path>/change  back to the form with the answers (the check page's "Change")
 *   POST <path>         sent to the service → 303 to the confirmation, or the form with the
 *                       service's refusal next to the fields it names, nothing changed.
 * The answers travel in hidden fields, so the portal keeps no draft; the form's `submission`
 * key travels with them and makes the service act once however often "Send" is pressed.
 */
export interface FormFlow<Context> {
  path: string;
  fields: readonly string[];
  required: readonly string[];
  formView: string;
  checkView: string;
  /** What the pages show besides the answers (the call, its counties…); a refusal to read it is the error page. */
  context: (req: Request, res: Response) => Promise<Context>;
  initialAnswers: (context: Context, req: Request, res: Response) => Answers;
  send: (req: Request, res: Response, answers: Answers, context: Context, submission: string) => Promise<ServiceResult<unknown>>;
  errorsOf: (problem: ServiceProblem, answers: Answers) => FieldError[];
  /** The answers as the service will take them, for the check page to show. */
  preview: (answers: Answers) => unknown;
  /** Where a person goes once it is sent: a confirmation page. */
  done: (req: Request, res: Response, context: Context) => string;
}

const submissionOf = (req: Request): string | undefined => {
  const value = (req.body as Record<string, unknown>).submission;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export const formFlow = <Context extends Record<string, unknown>>(tools: JourneyTools, flow: FormFlow<Context>): Router => {
  const router = Router();
  const { render, requireSignIn } = tools;
  const showForm = (req: Request, res: Response, context: Context, answers: Answers, errors: FieldError[], status = 200) =>
    render(req, res, flow.formView, { ...context, answers, errors, action: req.originalUrl.replace(/\/(check|change)$/, ''), submission: submissionOf(req) }, status);

  router.get(flow.path, requireSignIn, async (req, res) => {
    const context = await flow.context(req, res);
    render(req, res, flow.formView, { ...context, answers: flow.initialAnswers(context, req, res), errors: [], action: req.originalUrl });
  });

  router.post(`${flow.path}/check`, requireSignIn, async (req, res) => {
    const context = await flow.context(req, res);
    const answers = answersOf(req, flow.fields);
    const missing = missingAnswers(answers, flow.required);
    if (missing.length > 0) return showForm(req, res, context, answers, missing, 400);
    const action = req.originalUrl.replace(/\/check$/, '');
    return render(req, res, flow.checkView, { ...context, answers, preview: flow.preview(answers), hidden: hiddenPairs(answers), action, submission: submissionOf(req) });
  });

  router.post(`${flow.path}/change`, requireSignIn, async (req, res) => showForm(req, res, await flow.context(req, res), answersOf(req, flow.fields), []));

  router.post(flow.path, requireSignIn, async (req, res) => {
    const context = await flow.context(req, res);
    const answers = answersOf(req, flow.fields);
    const result = await flow.send(req, res, answers, context, submissionOf(req) ?? '');
    if (result.ok) return res.redirect(303, flow.done(req, res, context));
    if (result.problem.status === 401) throw new ServiceRefusedError(result.problem);
    return showForm(req, res, context, answers, flow.errorsOf(result.problem, answers), result.problem.status >= 500 ? 500 : result.problem.status);
  });
  return router;
};
