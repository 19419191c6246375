import { Router, type NextFunction, type Request, type Response } from 'express';
import { Period } from '@csm/contracts';
import type { JourneyTools } from '../journey';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import type { SignedInPerson } from '../../sign-in/session-store';
import { formText, refusalOf } from '../../forms/form-values';
import { actionsOf, ACTION_STATUSES, countyNameOf, dueIndicators, NEEDS_REASON, periodsToReport, pillarLabel, type CountyPlan, type CountyReport, type PlanVersion } from './county-views';
import { answersFromForm, answersFromReport, reportBody, reportErrors, type ReportAnswers } from './report-form';

const OFFICER = 'county-officer';

/**
 * A county officer's pages: the county's plan versions and reports, and a quarter's report —
 * one form page, check answers, submit; a returned report is corrected the same way.
 *
 * The pages of a county are offered to that county's officers only (the token's county): the
 * portal does not decide, it only does not offer a form the service would refuse — every command
 * still goes to the service, which refuses another county's officer (403, the same page).
 */
/** A page of `:code` offered to that county's officers only; another county's officer, or another role, is not allowed (403). */
export const ownCountyGuard =
  (tools: JourneyTools) =>
  (req: Request, res: Response, next: NextFunction): void => {
    const user = res.locals.user as SignedInPerson | undefined;
    if (!countyNameOf(String(req.params.code))) return next('route');
    if (!user?.roles.includes(OFFICER) || user.countyCode !== req.params.code) return tools.render(req, res, 'not-allowed', {}, 403);
    return next();
  };

export const myCountyRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  router.use('/my-county', tools.requireSignIn);

  const ownCounty = ownCountyGuard(tools);
  const validPeriod = (req: Request, _res: Response, next: NextFunction) => (Period.safeParse(req.params.period).success ? next() : next('route'));

  router.get('/my-county', (req, res) => {
    const user = res.locals.user as SignedInPerson | undefined;
    if (!user?.roles.includes(OFFICER) || !user.countyCode) return tools.render(req, res, 'not-allowed', {}, 403);
    return res.redirect(303, `/my-county/${user.countyCode}`);
  });

  const planOf = async (res: Response, code: string): Promise<CountyPlan | undefined> => {
    const result = await tools.api(res).get<CountyPlan>('countyPlans', `/county-plans/${code}`);
    if (result.ok) return result.body;
    if (result.problem.status === 404) return undefined;
    return tools.api(res).read<CountyPlan>('countyPlans', `/county-plans/${code}`);
  };
  const publishedOf = (plan: CountyPlan | undefined): PlanVersion | undefined => plan?.versions.find((v) => v.version === plan.publishedVersion);
  const reportOf = async (res: Response, code: string, period: string): Promise<CountyReport | undefined> => {
    const result = await tools.api(res).get<CountyReport>('countyPlans', `/county-reports/${code}/${period}`);
    if (result.ok) return result.body;
    if (result.problem.status === 404) return undefined;
    return tools.api(res).read<CountyReport>('countyPlans', `/county-reports/${code}/${period}`);
  };

  router.get('/my-county/:code', ownCounty, async (req, res) => {
    const code = String(req.params.code);
    const [plan, reports] = await Promise.all([planOf(res, code), tools.api(res).read<{ items: CountyReport[]; overdue: { period: string; dueOn: string }[] }>('countyPlans', `/county-reports/${code}`)]);
    const published = publishedOf(plan);
    const toReport = published ? periodsToReport(published.plan, new Set(reports.items.map((r) => r.period))) : [];
    tools.render(req, res, 'county-plans/my-county', { code, name: countyNameOf(code), plan, reports: [...reports.items].reverse(), overdue: reports.overdue, toReport });
  });

  /** The report's state: where it waits, the reasons it was returned, the answers. */
  router.get('/my-county/:code/reports/:period', ownCounty, validPeriod, async (req, res) => {
    const { code, period } = req.params as { code: string; period: string };
    const report = await reportOf(res, code, period);
    if (!report) return res.redirect(303, `/my-county/${code}/reports/${period}/edit`);
    const plan = await planOf(res, code);
    const version = plan?.versions.find((v) => v.version === report.planVersion);
    return tools.render(req, res, 'county-plans/report', { code, name: countyNameOf(code), period, report, plan: version?.plan, submitted: req.query.submitted === '1', pillarLabel });
  });

  const showForm = (req: Request, res: Response, data: { code: string; period: string; published: PlanVersion; answers: ReportAnswers; report?: CountyReport; errors?: FieldError[]; refusal?: string; submission?: string }, status = 200) =>
    tools.render(
      req,
      res,
      'county-plans/report-form',
      { name: countyNameOf(data.code), actions: actionsOf(data.published.plan), indicators: dueIndicators(data.published.plan, data.period), statuses: ACTION_STATUSES, needsReason: NEEDS_REASON, pillarLabel, errors: [], ...data },
      status,
    );
  const editable = (report: CountyReport | undefined) => report === undefined || report.status === 'draft' || report.status === 'returned';

  router.get('/my-county/:code/reports/:period/edit', ownCounty, validPeriod, async (req, res) => {
    const { code, period } = req.params as { code: string; period: string };
    const [plan, report] = await Promise.all([planOf(res, code), reportOf(res, code, period)]);
    const published = publishedOf(plan);
    if (!published) return tools.render(req, res, 'county-plans/no-plan', { name: countyNameOf(code), code }, 409);
    if (!editable(report)) return res.redirect(303, `/my-county/${code}/reports/${period}`);
    return showForm(req, res, { code, period, published, answers: answersFromReport(report?.report), ...(report ? { report } : {}) });
  });

  router.post('/my-county/:code/reports/:period/edit', ownCounty, validPeriod, async (req, res) => {
    const { code, period } = req.params as { code: string; period: string };
    const api = tools.api(res);
    const [plan, report] = await Promise.all([planOf(res, code), reportOf(res, code, period)]);
    const published = publishedOf(plan);
    if (!published) return tools.render(req, res, 'county-plans/no-plan', { name: countyNameOf(code), code }, 409);
    const answers = answersFromForm(req, published.plan, period);
    const submission = formText(req, 'submission');
    // The first save drafts the report; later ones (a draft, a returned report) amend it.
    const result = await api.send('countyPlans', report ? 'PUT' : 'POST', `/county-reports/${code}/${period}`, reportBody(answers, published.plan, period), submission);
    if (result.ok) return res.redirect(303, `/my-county/${code}/reports/${period}/check`);
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    const fieldProblem = result.problem.status === 400 || result.problem.status === 422;
    return showForm(
      req,
      res,
      { code, period, published, answers, submission, ...(report ? { report } : {}), ...(fieldProblem ? { errors: reportErrors(result.problem, published.plan, period, answers) } : { refusal: refusalOf(result.problem) }) },
      result.problem.status,
    );
  });

  /** Check answers: the draft as the service holds it, then submit. */
  const showCheck = async (req: Request, res: Response, extra: { refusal?: string; submission?: string } = {}, status = 200) => {
    const { code, period } = req.params as { code: string; period: string };
    const report = await reportOf(res, code, period);
    if (!report) return res.redirect(303, `/my-county/${code}/reports/${period}/edit`);
    if (!editable(report)) return res.redirect(303, `/my-county/${code}/reports/${period}`);
    const plan = await planOf(res, code);
    const version = plan?.versions.find((v) => v.version === report.planVersion);
    return tools.render(req, res, 'county-plans/report-check', { code, name: countyNameOf(code), period, report, plan: version?.plan, pillarLabel, ...extra }, status);
  };
  router.get('/my-county/:code/reports/:period/check', ownCounty, validPeriod, (req, res) => showCheck(req, res));
  router.post('/my-county/:code/reports/:period/check', ownCounty, validPeriod, async (req, res) => {
    const { code, period } = req.params as { code: string; period: string };
    const submission = formText(req, 'submission');
    const result = await tools.api(res).send('countyPlans', 'POST', `/county-reports/${code}/${period}/submit`, {}, submission);
    if (result.ok) return res.redirect(303, `/my-county/${code}/reports/${period}?submitted=1`);
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    return showCheck(req, res, { refusal: refusalOf(result.problem), submission }, result.problem.status);
  });

  /**
   * A correction of a published report: the service opens a new revision (with the reason), which
   * is then edited and sent through the approval levels like any report; the published one stays
   * public until the correction is published.
   */
  const showCorrection = (req: Request, res: Response, data: { reason?: string; errors?: FieldError[]; refusal?: string; submission?: string } = {}, status = 200) => {
    const { code, period } = req.params as { code: string; period: string };
    return tools.render(req, res, 'county-plans/report-correction', { code, name: countyNameOf(code), period, reason: '', errors: [], ...data }, status);
  };
  router.get('/my-county/:code/reports/:period/correct', ownCounty, validPeriod, async (req, res) => {
    const { code, period } = req.params as { code: string; period: string };
    const report = await reportOf(res, code, period);
    if (report?.status !== 'published') return res.redirect(303, `/my-county/${code}/reports/${period}`);
    return showCorrection(req, res);
  });
  router.post('/my-county/:code/reports/:period/correct', ownCounty, validPeriod, async (req, res) => {
    const { code, period } = req.params as { code: string; period: string };
    const reason = formText(req, 'reason');
    const submission = formText(req, 'submission');
    const result = await tools.api(res).send('countyPlans', 'POST', `/county-reports/${code}/${period}/revisions`, { reason }, submission);
    if (result.ok) return res.redirect(303, `/my-county/${code}/reports/${period}/edit`);
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (result.problem.status === 400) {
      const errors = fieldErrorsOf(result.problem, 'planDraft', new Map([['reason', 'reason']]), 'reason').map((e) => ({ ...e, key: 'planDraft.errors.correction.reason' }));
      return showCorrection(req, res, { reason, submission, errors }, 400);
    }
    return showCorrection(req, res, { reason, submission, refusal: refusalOf(result.problem) }, result.problem.status);
  });

  return router;
};
