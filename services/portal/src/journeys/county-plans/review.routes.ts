import { Router, type Request, type Response } from 'express';
import { Period, SENSITIVITY_CHECKS } from '@csm/contracts';
import type { JourneyTools } from '../journey';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import { formList, formText, refusalOf } from '../../forms/form-values';
import { countyNameOf, pillarLabel, type CountyPlan, type CountyReport, type ReviewQueue } from './county-views';

/** The service's decision route for a report at each level, and the "approve" word that level's button says. */
const REPORT_LEVELS: ReadonlyMap<string, string> = new Map([
  ['county-secretariat', 'secretariat-decision'],
  ['county-co-chairs', 'co-chairs-decision'],
  ['nctc', 'nctc-decision'],
]);
/** A plan's levels: the secretariat endorses it to the NCTC, the NCTC approves (publishes) it. */
const PLAN_LEVELS: ReadonlyMap<string, { path: string; approve: string }> = new Map([
  ['county-secretariat', { path: 'secretariat-review', approve: 'endorse' }],
  ['nctc', { path: 'nctc-decision', approve: 'approve' }],
]);

/** The sensitivity review's answers on the form: the items ticked, the note. */
interface ReviewAnswers {
  confirmed: string[];
  note: string;
}
const NO_REVIEW: ReviewAnswers = { confirmed: [], note: '' };
const reviewAnswersOf = (req: Request): ReviewAnswers => ({ confirmed: formList(req, 'sensitivityReview').filter((c) => (SENSITIVITY_CHECKS as readonly string[]).includes(c)), note: formText(req, 'reviewNote') });
/** Every item sent, ticked or not, so the service names each one left unconfirmed. */
const reviewBody = (review: ReviewAnswers) => ({
  ...Object.fromEntries(SENSITIVITY_CHECKS.map((check) => [check, review.confirmed.includes(check)])),
  ...(review.note.trim() !== '' ? { note: review.note } : {}),
});
/** The service's error paths onto the form's fields, in the order the form asks them. */
const DECISION_FIELDS = (reasonPath: string): ReadonlyMap<string, string> =>
  new Map([
    ['decision', 'decision'],
    ['sensitivityReview', 'sensitivityReview'],
    ['sensitivityReview.note', 'reviewNote'],
    [reasonPath, 'reason'],
  ]);

/**
 * The approvers' pages (county secretariat, co-chairs, NCTC): what waits at their level
 * (`GET /review-queue`: the service decides who sees what, and refuses everyone else), an item's
 * page with its content, and one form to approve it or return it with the reason. The NCTC's
 * approval publishes, so its form also asks for the sensitivity review (a checklist every item of
 * which it confirms, and a note), which the service records with the approval.
 */
export const reviewRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  router.use('/county-review', tools.requireSignIn);

  router.get('/county-review', async (req, res) => {
    const queue = await tools.api(res).read<ReviewQueue>('countyPlans', '/review-queue');
    const done = ['approve', 'return'].find((d) => d === req.query.done);
    tools.render(req, res, 'county-plans/review-queue', { queue, done, countyName: countyNameOf });
  });

  const showReport = async (req: Request, res: Response, data: { notWaiting?: boolean; decision?: string; reason?: string; review?: ReviewAnswers; errors?: FieldError[]; refusal?: string; submission?: string } = {}, status = 200) => {
    const { code, period } = req.params as { code: string; period: string };
    const api = tools.api(res);
    const report = await api.read<CountyReport>('countyPlans', `/county-reports/${code}/${period}`);
    const plan = await api.read<CountyPlan>('countyPlans', `/county-plans/${code}`);
    const version = plan.versions.find((v) => v.version === report.planVersion);
    const sensitivityChecks = report.level === 'nctc' ? SENSITIVITY_CHECKS : undefined;
    tools.render(req, res, 'county-plans/review-report', { code, name: countyNameOf(code), period, report, plan: version?.plan, pillarLabel, decision: '', reason: '', review: NO_REVIEW, sensitivityChecks, errors: [], ...data }, status);
  };
  const reportPath = '/county-review/reports/:code/:period';
  const known = (req: Request) => countyNameOf(String(req.params.code)) !== undefined && Period.safeParse(req.params.period).success;
  router.get(reportPath, (req, res, next) => (known(req) ? showReport(req, res) : next()));
  router.post(reportPath, async (req, res, next) => {
    if (!known(req)) return next();
    const { code, period } = req.params as { code: string; period: string };
    const api = tools.api(res);
    const report = await api.read<CountyReport>('countyPlans', `/county-reports/${code}/${period}`);
    const route = REPORT_LEVELS.get(report.level ?? '');
    const decision = formText(req, 'decision');
    const reason = formText(req, 'reason');
    const submission = formText(req, 'submission');
    const review = reviewAnswersOf(req);
    if (!route) return showReport(req, res, { decision, reason, review, submission, notWaiting: true }, 409);
    const publishing = report.level === 'nctc' && decision === 'approve';
    const body = { decision, ...(reason.trim() !== '' ? { reason } : {}), ...(publishing ? { sensitivityReview: reviewBody(review) } : {}) };
    const result = await api.send('countyPlans', 'POST', `/county-reports/${code}/${period}/${route}`, body, submission);
    if (result.ok) return res.redirect(303, `/county-review?done=${decision}`);
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (result.problem.status === 400) {
      const errors = fieldErrorsOf(result.problem, 'countyPlans', DECISION_FIELDS('reason'), 'reason').map((e) => ({ ...e, key: `countyPlans.errors.${e.field === 'reason' ? 'returnReason' : e.field}` }));
      return showReport(req, res, { decision, reason, review, submission, errors }, 400);
    }
    return showReport(req, res, { decision, reason, review, submission, refusal: refusalOf(result.problem) }, result.problem.status);
  });

  const showPlan = async (req: Request, res: Response, data: { notWaiting?: boolean; decision?: string; reason?: string; review?: ReviewAnswers; errors?: FieldError[]; refusal?: string; submission?: string } = {}, status = 200) => {
    const { code } = req.params as { code: string };
    const plan = await tools.api(res).read<CountyPlan>('countyPlans', `/county-plans/${code}`);
    const version = plan.versions.find((v) => String(v.version) === req.params.version);
    if (!version) return tools.render(req, res, 'not-found', {}, 404);
    const level = plan.pending?.version === version.version ? plan.pending.level : undefined;
    const sensitivityChecks = level === 'nctc' ? SENSITIVITY_CHECKS : undefined;
    return tools.render(req, res, 'county-plans/review-plan', { code, name: countyNameOf(code), version, level, approve: PLAN_LEVELS.get(level ?? '')?.approve, pillarLabel, decision: '', reason: '', review: NO_REVIEW, sensitivityChecks, errors: [], ...data }, status);
  };
  const planPath = '/county-review/plans/:code/:version';
  router.get(planPath, (req, res, next) => (countyNameOf(String(req.params.code)) ? showPlan(req, res) : next()));
  router.post(planPath, async (req, res, next) => {
    const { code, version } = req.params as { code: string; version: string };
    if (!countyNameOf(code) || !/^\d{1,7}$/.test(version)) return next();
    const api = tools.api(res);
    const plan = await api.read<CountyPlan>('countyPlans', `/county-plans/${code}`);
    const pendingLevel = plan.pending?.version === Number(version) ? plan.pending.level : '';
    const level = PLAN_LEVELS.get(pendingLevel);
    const decision = formText(req, 'decision');
    const reason = formText(req, 'reason');
    const submission = formText(req, 'submission');
    const review = reviewAnswersOf(req);
    if (!level) return showPlan(req, res, { decision, reason, review, submission, notWaiting: true }, 409);
    const publishing = pendingLevel === 'nctc' && decision === 'approve';
    const body = { decision, ...(reason.trim() !== '' ? { reasons: [reason] } : {}), ...(publishing ? { sensitivityReview: reviewBody(review) } : {}) };
    const result = await api.send('countyPlans', 'POST', `/county-plans/${code}/versions/${version}/${level.path}`, body, submission);
    if (result.ok) return res.redirect(303, `/county-review?done=${decision === 'return' ? 'return' : 'approve'}`);
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (result.problem.status === 400) {
      const errors = fieldErrorsOf(result.problem, 'countyPlans', DECISION_FIELDS('reasons'), 'reason').map((e) => ({ ...e, key: `countyPlans.errors.${e.field === 'reason' ? 'returnReason' : e.field}` }));
      return showPlan(req, res, { decision, reason, review, submission, errors }, 400);
    }
    return showPlan(req, res, { decision, reason, review, submission, refusal: refusalOf(result.problem) }, result.problem.status);
  });

  return router;
};
