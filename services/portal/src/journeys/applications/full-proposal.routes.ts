import { Router } from 'express';
import { COUNTIES, PILLAR_IDS } from '@csm/contracts';
import { fieldErrorsOf } from '../../forms/problem-fields';
import type { JourneyTools } from '../journey';
import { NAMESPACE, refusalOf, type Answers } from './answers';
import { applicationPage, isDirect, proposalPath, type Application, type CallSummary } from './applications-api';
import { formFlow } from './form-flow';
import { FULL_PROPOSAL_CODES, FULL_PROPOSAL_FIELDS, FULL_PROPOSAL_REQUIRED, fullProposalAnswers, fullProposalBody, fullProposalPaths, withRowMessages } from './full-proposal.form';

/**
 * Stage two, once shortlisted (or once the NCTC converted a solution): the full proposal, sent
 * once (POST) and amended (PUT) while its deadline or an information request keeps it open.
 */
export const fullProposalRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  router.use(
    formFlow(tools, {
      path: '/applications/proposals/:ref/:orgId/full-proposal',
      fields: FULL_PROPOSAL_FIELDS,
      required: FULL_PROPOSAL_REQUIRED,
      formView: 'applications/full-proposal-form',
      checkView: 'applications/full-proposal-check',
      context: async (req, res) => {
        const ref = String(req.params.ref);
        const api = tools.api(res);
        const application = await api.read<Application>('proposals', proposalPath(ref, String(req.params.orgId)));
        // A call limits the counties, pillars and currency; a direct partnership has no call to limit it.
        const call = isDirect(ref) ? undefined : await api.read<CallSummary>('proposals', `/calls/${encodeURIComponent(ref)}`);
        return {
          application,
          call,
          countyChoices: call ? call.details.targetCounties : COUNTIES.map((c) => c.code),
          pillarChoices: call ? call.details.pillars : [...PILLAR_IDS],
          currencies: call ? [call.details.budget.currency] : ['KES', 'USD'],
          amending: application.fullProposal !== undefined,
        };
      },
      initialAnswers: ({ application, call }) =>
        application.fullProposal
          ? fullProposalAnswers(application.fullProposal)
          : (new Map<string, string | string[]>([
              ['currency', call?.details.budget.currency ?? application.conceptNote?.requestedBudget.currency ?? 'KES'],
              ['title', application.conceptNote?.title ?? application.direct?.title ?? ''],
            ]) as Answers),
      send: (req, res, answers, { application }, submission) =>
        tools
          .api(res)
          .send('proposals', application.fullProposal ? 'PUT' : 'POST', `${proposalPath(String(req.params.ref), String(req.params.orgId))}/full-proposal`, fullProposalBody(answers), submission),
      preview: fullProposalBody,
      errorsOf: (problem, answers) => {
        const refusal = refusalOf(problem, FULL_PROPOSAL_CODES, 'title');
        return refusal ? [refusal] : withRowMessages(fieldErrorsOf(problem, NAMESPACE, fullProposalPaths(answers), 'title'));
      },
      done: (req, _res, { application }) => `${applicationPage(String(req.params.ref), String(req.params.orgId))}/sent/${application.fullProposal ? 'amended' : 'full-proposal'}`,
    }),
  );
  return router;
};
