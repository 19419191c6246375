import { Router } from 'express';
import { COUNTIES, PILLAR_IDS } from '@csm/contracts';
import { fieldErrorsOf } from '../../forms/problem-fields';
import type { JourneyTools } from '../journey';
import { answersOf, NAMESPACE, refusalOf, text, type Answers } from './answers';
import type { Solution } from './applications-api';
import { formFlow } from './form-flow';
import { organizationOf } from './person';
import { newSolutionId, SOLUTION_FIELDS, SOLUTION_PATHS, SOLUTION_REQUIRED, solutionBody } from './solution.form';

/** An unsolicited solution, outside any call: form, check, sent; the NCTC may turn it into a direct partnership. */
export const solutionRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const choices = async () => ({ countyChoices: COUNTIES.map((c) => c.code), pillarChoices: [...PILLAR_IDS], currencies: ['KES', 'USD'] });
  router.use(
    formFlow(tools, {
      path: '/applications/solutions/new',
      fields: SOLUTION_FIELDS,
      required: SOLUTION_REQUIRED,
      formView: 'applications/solution-form',
      checkView: 'applications/solution-check',
      context: choices,
      initialAnswers: () => new Map([['solutionId', newSolutionId()], ['currency', 'KES']]) as Answers,
      send: (_req, res, answers, _context, submission) => tools.api(res).send('proposals', 'POST', '/solutions', solutionBody(answers), submission),
      preview: solutionBody,
      errorsOf: (problem) => {
        const refusal = refusalOf(problem, new Map(), 'title');
        return refusal ? [refusal] : fieldErrorsOf(problem, NAMESPACE, SOLUTION_PATHS, 'title');
      },
      done: (req, res) => `/applications/solutions/${encodeURIComponent(organizationOf(res))}/${encodeURIComponent(text(answersOf(req, ['solutionId']), 'solutionId'))}/sent`,
    }),
  );

  router.get('/applications/solutions/:orgId/:solutionId/sent', tools.requireSignIn, async (req, res) => {
    const solution = await tools.api(res).read<Solution>('proposals', `/solutions/${encodeURIComponent(String(req.params.orgId))}/${encodeURIComponent(String(req.params.solutionId))}`);
    tools.render(req, res, 'applications/solution-sent', { solution });
  });
  return router;
};
