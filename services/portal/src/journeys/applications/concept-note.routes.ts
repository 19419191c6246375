import type { Request, Response } from 'express';
import { Router } from 'express';
import { fieldErrorsOf } from '../../forms/problem-fields';
import type { JourneyTools } from '../journey';
import { NAMESPACE, refusalOf, type Answers } from './answers';
import { applicationPage, proposalPath, type Application, type CallSummary } from './applications-api';
import { CONCEPT_NOTE_CODES, CONCEPT_NOTE_FIELDS, CONCEPT_NOTE_PATHS, CONCEPT_NOTE_REQUIRED, conceptNoteAnswers, conceptNoteBody } from './concept-note.form';
import { formFlow } from './form-flow';
import { organizationOf } from './person';

const errorsOf = (problem: Parameters<typeof fieldErrorsOf>[0]) => {
  const refusal = refusalOf(problem, CONCEPT_NOTE_CODES, 'title');
  return refusal ? [refusal] : fieldErrorsOf(problem, NAMESPACE, CONCEPT_NOTE_PATHS, 'title');
};

/**
 * Stage one: a concept note to an open call (POST), and the same form to amend it while the
 * call is open or an information request has reopened it (PUT). The call's counties and pillars
 * are the choices offered; the service checks everything again.
 */
export const conceptNoteRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const callOf = (req: Request, res: Response) => tools.api(res).read<CallSummary>('proposals', `/calls/${encodeURIComponent(String(req.params.callId))}`);

  router.use(
    formFlow(tools, {
      path: '/applications/calls/:callId/concept-note',
      fields: CONCEPT_NOTE_FIELDS,
      required: CONCEPT_NOTE_REQUIRED,
      formView: 'applications/concept-note-form',
      checkView: 'applications/concept-note-check',
      context: async (req, res) => ({ call: await callOf(req, res), amending: false }),
      initialAnswers: ({ call }) => new Map([['currency', call.details.budget.currency]]) as Answers,
      send: (req, res, answers, { call }, submission) =>
        tools.api(res).send('proposals', 'POST', `/calls/${encodeURIComponent(call._id)}/concept-notes`, conceptNoteBody(answers), submission),
      preview: conceptNoteBody,
      errorsOf,
      done: (_req, res, { call }) => `${applicationPage(call._id, organizationOf(res))}/sent/concept-note`,
    }),
  );

  router.use(
    formFlow(tools, {
      path: '/applications/proposals/:callId/:orgId/concept-note',
      fields: CONCEPT_NOTE_FIELDS,
      required: CONCEPT_NOTE_REQUIRED,
      formView: 'applications/concept-note-form',
      checkView: 'applications/concept-note-check',
      context: async (req, res) => {
        const application = await tools.api(res).read<Application>('proposals', proposalPath(String(req.params.callId), String(req.params.orgId)));
        return { call: await callOf(req, res), application, amending: true };
      },
      initialAnswers: ({ application }) => conceptNoteAnswers(application.conceptNote!),
      send: (req, res, answers, { call }, submission) =>
        tools
          .api(res)
          .send('proposals', 'PUT', `/calls/${encodeURIComponent(call._id)}/concept-notes/${encodeURIComponent(String(req.params.orgId))}`, conceptNoteBody(answers), submission),
      preview: conceptNoteBody,
      errorsOf,
      done: (req, _res, { call }) => `${applicationPage(call._id, String(req.params.orgId))}/sent/amended`,
    }),
  );
  return router;
};
