import { Router, type Request, type Response } from 'express';
import { COUNTIES, LegalRegistration, ORGANIZATION_TYPES, PILLAR_IDS } from '@csm/contracts';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import type { ServiceProblem } from '../../service-client';
import { ServiceRefusedError } from '../../person-api';
import type { JourneyTools } from '../journey';
import { draftOf, keepDraft } from './draft-session';
import {
  answersFromForm,
  firstUnfinishedStep,
  missingAnswers,
  nextStep,
  profileOf,
  PROFILE_FIELDS,
  stepNamed,
  stepOfField,
  STEPS,
  type Step,
} from './registration-draft';

export const NAMESPACE = 'myOrganisation';

/** Refusals of a whole registration (not of one answer) we explain in our own words, by the service's code. */
const KNOWN_REFUSALS: ReadonlyMap<string, string> = new Map([
  ['organization.already-registered', 'alreadyRegistered'],
  ['organization.not-draft', 'notEditable'],
]);
const BASE = '/my-organisation/register';

const AUTHORITIES = LegalRegistration.shape.authority.options;
/** What every step's page may offer: reference data from the published contracts. */
const CHOICES = { types: ORGANIZATION_TYPES, authorities: AUTHORITIES, counties: COUNTIES, pillars: PILLAR_IDS };

const stepPath = (step: Step, change: boolean) => `${BASE}/${step.name}${change ? '?change=1' : ''}`;

/**
 * Registering an organisation, one thing per page: each step keeps its answers in the session
 * draft, "check your answers" shows them all with change links, and only its submission
 * reaches the registration service (register, then submit for verification).
 */
export const registerRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const { render, requireSignIn } = tools;

  /** The person's organisation id (the token's org_id): registration registers the caller's own. */
  const ownOrganisation = (res: Response): string => {
    const id = (res.locals.user as { organizationId?: string } | undefined)?.organizationId;
    if (!id) throw new ServiceRefusedError({ type: 'about:blank', title: 'No organisation on this account', status: 403 });
    return id;
  };

  const showStep = (req: Request, res: Response, step: Step, data: { answers: object; errors: FieldError[]; change: boolean }, status = 200) => {
    const index = STEPS.findIndex((s) => s.name === step.name);
    const previous = STEPS[index - 1];
    // Back goes where the person came from: "check your answers" for a change, else the page before.
    const back = data.change ? `${BASE}/check` : previous ? stepPath(previous, false) : '/my-organisation';
    render(req, res, `organisation/step-${step.name}`, { ...CHOICES, ...data, action: stepPath(step, data.change), back, stepNumber: index + 1, stepCount: STEPS.length }, status);
  };

  router.get(BASE, requireSignIn, (_req, res) => res.redirect(303, stepPath(STEPS[0], false)));

  router.get(`${BASE}/check`, requireSignIn, (req, res) => {
    ownOrganisation(res);
    const draft = draftOf(res);
    const unfinished = firstUnfinishedStep(draft.answers);
    if (unfinished) return res.redirect(303, stepPath(unfinished, false));
    return render(req, res, 'organisation/check', { answers: draft.answers, amending: draft.amending !== undefined, errors: [], ...CHOICES });
  });

  router.post(`${BASE}/check`, requireSignIn, async (req, res) => {
    const organisationId = ownOrganisation(res);
    const draft = draftOf(res);
    // The same form sent again after it went through (a double click): the draft is gone, the organisation is there.
    if (Object.keys(draft.answers).length === 0) return res.redirect(303, '/my-organisation');
    const unfinished = firstUnfinishedStep(draft.answers);
    if (unfinished) return res.redirect(303, stepPath(unfinished, false));
    const submission = String(req.body.submission ?? '');
    const api = tools.api(res);
    const showCheck = (errors: FieldError[], status: number) =>
      render(req, res, 'organisation/check', { answers: draft.answers, amending: draft.amending !== undefined, errors, submission, ...CHOICES }, status);

    /** A refusal of the profile: back to the step asking for the answer refused, else said on this page. */
    const refused = async (problem: ServiceProblem) => {
      if (problem.status === 401 || problem.status === 403 || problem.status === 404) throw new ServiceRefusedError(problem);
      const known = KNOWN_REFUSALS.get(problem.type.split('/').pop() ?? '');
      const errors = known ? [{ field: 'submission', key: `${NAMESPACE}.errors.${known}` }] : fieldErrorsOf(problem, NAMESPACE, PROFILE_FIELDS, 'submission');
      const step = errors.map((e) => stepOfField(e.field)).find((s) => s !== undefined);
      if (!step) return showCheck(errors, problem.status === 409 ? 409 : 400);
      await keepDraft(tools, res, { ...draft, refusal: { step: step.name, errors: errors.filter((e) => stepOfField(e.field) === step) } });
      return res.redirect(303, stepPath(step, true));
    };

    if (draft.amending) {
      const id = draft.amending.organisationId;
      const profile = profileOf(draft.answers, draft.amending.otherContacts);
      const amended = await api.send('registration', 'PUT', `/organizations/${encodeURIComponent(id)}/profile`, profile, submission);
      if (!amended.ok) return refused(amended.problem);
      await keepDraft(tools, res, undefined);
      return res.redirect(303, `/my-organisation/${encodeURIComponent(id)}`);
    }

    const registered = await api.send('registration', 'POST', '/organizations', profileOf(draft.answers), submission);
    if (!registered.ok) return refused(registered.problem);
    // A draft, then submitted for verification: one key per command, both derived from this form's.
    const submitted = await api.send('registration', 'POST', `/organizations/${encodeURIComponent(organisationId)}/submit`, {}, `${submission}.submit`);
    if (!submitted.ok) return showCheck(fieldErrorsOf(submitted.problem, NAMESPACE, new Map(), 'submission'), submitted.problem.status);
    await keepDraft(tools, res, undefined);
    return res.redirect(303, '/my-organisation/registered');
  });

  router.get(`${BASE}/:step`, requireSignIn, async (req, res, next) => {
    const step = stepNamed(String(req.params.step));
    if (!step) return next();
    ownOrganisation(res);
    const draft = draftOf(res);
    const refusal = draft.refusal?.step === step.name ? draft.refusal.errors : [];
    if (draft.refusal) await keepDraft(tools, res, { ...draft, refusal: undefined });
    return showStep(req, res, step, { answers: draft.answers, errors: refusal, change: req.query.change === '1' }, refusal.length > 0 ? 400 : 200);
  });

  router.post(`${BASE}/:step`, requireSignIn, async (req, res, next) => {
    const step = stepNamed(String(req.params.step));
    if (!step) return next();
    ownOrganisation(res);
    const change = req.query.change === '1';
    const given = answersFromForm(step, req.body as Record<string, unknown>);
    const draft = draftOf(res);
    const errors = missingAnswers(step, given, NAMESPACE);
    if (errors.length > 0) return showStep(req, res, step, { answers: { ...draft.answers, ...given }, errors, change }, 400);
    await keepDraft(tools, res, { ...draft, answers: { ...draft.answers, ...given }, refusal: undefined });
    const next_ = change ? undefined : nextStep(step);
    return res.redirect(303, next_ ? stepPath(next_, false) : `${BASE}/check`);
  });

  return router;
};
