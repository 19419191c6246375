import { Router, type Request, type Response } from 'express';
import { COUNTIES } from '@csm/contracts';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import { ServiceRefusedError } from '../../person-api';
import type { ServiceProblem } from '../../service-client';
import type { JourneyTools } from '../journey';
import { NAMESPACE } from './register.routes';
import { keepDraft } from './draft-session';
import { draftOfProfile, type RecordedProfile } from './registration-draft';

/** The organisation as the registration service answers `GET /organizations/:id` (the fields these pages show). */
export interface OrganisationRecord {
  _id: string;
  status: 'draft' | 'submitted' | 'information-requested' | 'verified' | 'rejected' | 'suspended';
  profile: RecordedProfile;
  members: { memberId: string; username?: string; erased?: true; role: 'admin' | 'member' }[];
  pendingRequest?: string | null;
  lastReason?: string;
  verifiedAt?: string;
  updatedAt: string;
}

const countyNames = (codes: string[]) => codes.map((code) => COUNTIES.find((c) => c.code === code)?.name ?? code);

/** A refusal the page cannot explain next to a field (not signed in, not allowed, gone) becomes its error page. */
const refusedPage = (problem: ServiceProblem): never => {
  throw new ServiceRefusedError(problem);
};

const pathOf = (id: string) => `/my-organisation/${encodeURIComponent(id)}`;

/**
 * "My organisation": where the registration stands, in words (submitted, information
 * requested with the NCTC's question, verified, rejected, suspended), and the answer to an
 * information request. The registration service decides who may see and do what.
 */
export const myOrganisationRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const { render, requireSignIn } = tools;

  const readOrganisation = (res: Response, id: string) => tools.api(res).read<OrganisationRecord>('registration', `/organizations/${encodeURIComponent(id)}`);

  const showStatus = (req: Request, res: Response, organisation: OrganisationRecord, extra: { errors: FieldError[]; submission?: string; response?: string }, status = 200) =>
    render(req, res, 'organisation/status', { organisation, counties: countyNames(organisation.profile.counties), ...extra }, status);

  router.get('/my-organisation', requireSignIn, async (req, res) => {
    const id = (res.locals.user as { organizationId?: string }).organizationId;
    if (!id) return render(req, res, 'not-allowed', {}, 403);
    const found = await tools.api(res).get<OrganisationRecord>('registration', `/organizations/${encodeURIComponent(id)}`);
    if (found.ok) return res.redirect(303, pathOf(id));
    if (found.problem.status !== 404) return refusedPage(found.problem);
    // Not registered yet: the start page of the registration form.
    return render(req, res, 'organisation/start', {});
  });

  router.get('/my-organisation/registered', requireSignIn, async (req, res) => {
    const id = (res.locals.user as { organizationId?: string }).organizationId;
    if (!id) return render(req, res, 'not-allowed', {}, 403);
    const organisation = await readOrganisation(res, id);
    return render(req, res, 'organisation/registered', { organisation });
  });

  router.get('/my-organisation/:id', requireSignIn, async (req, res) => {
    showStatus(req, res, await readOrganisation(res, String(req.params.id)), { errors: [] });
  });

  // The answer to the NCTC's request: the organisation resubmits with it.
  router.post('/my-organisation/:id/respond', requireSignIn, async (req, res) => {
    const id = String(req.params.id);
    const response = typeof req.body.response === 'string' ? req.body.response : '';
    const submission = String(req.body.submission ?? '');
    const sent = await tools.api(res).send('registration', 'POST', `/organizations/${encodeURIComponent(id)}/resubmit`, { response }, submission);
    if (sent.ok) return res.redirect(303, pathOf(id));
    if (sent.problem.status !== 400 && sent.problem.status !== 409) return refusedPage(sent.problem);
    const errors = fieldErrorsOf(sent.problem, NAMESPACE, new Map([['response', 'response']]), 'respond');
    return showStatus(req, res, await readOrganisation(res, id), { errors, submission, response }, sent.problem.status);
  });

  // Changing the registration (allowed in draft and when information was requested, as the service
  // decides): the recorded profile becomes the person's draft, and "check your answers" saves it.
  router.post('/my-organisation/:id/change', requireSignIn, async (req, res) => {
    const id = String(req.params.id);
    const organisation = await readOrganisation(res, id);
    await keepDraft(tools, res, draftOfProfile(organisation._id, organisation.profile));
    res.redirect(303, '/my-organisation/register/check');
  });

  // A registration left as a draft (its submission did not complete) is submitted from here.
  router.post('/my-organisation/:id/submit', requireSignIn, async (req, res) => {
    const id = String(req.params.id);
    const submission = String(req.body.submission ?? '');
    const sent = await tools.api(res).send('registration', 'POST', `/organizations/${encodeURIComponent(id)}/submit`, {}, submission);
    if (sent.ok) return res.redirect(303, '/my-organisation/registered');
    if (sent.problem.status !== 400 && sent.problem.status !== 409) return refusedPage(sent.problem);
    const errors = fieldErrorsOf(sent.problem, NAMESPACE, new Map(), 'submit');
    return showStatus(req, res, await readOrganisation(res, id), { errors, submission }, sent.problem.status);
  });

  return router;
};
