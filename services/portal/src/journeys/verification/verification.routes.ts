import { Router, type Request, type Response } from 'express';
import { COUNTIES } from '@csm/contracts';
import type { Journey, JourneyTools } from '../journey';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import type { ServiceProblem } from '../../service-client';
import { formText, refusalOf } from '../../forms/form-values';

/** An organisation as registration's `GET /organizations` answers it (the parts these pages show). */
export interface OrganisationRecord {
  _id: string;
  status: string;
  profile: {
    name: string;
    type: string;
    registration: { authority: string; number: string; registeredOn: string; country: string };
    mandate: string;
    contacts: ({ name: string; email: string; phone?: string } | { erased: true })[];
    pillars: string[];
    counties: string[];
    website?: string;
  };
  registeredAt: string;
  updatedAt: string;
  pendingRequest?: string | null;
  lastReason?: string;
  verifiedAt?: string;
}

/**
 * The NCTC's decisions on an organisation, each a form on its own page. `field` is the text the
 * API takes (required where the API requires it: it says so, we only show it); `from` the
 * statuses the action is offered in — the service still decides whether it holds.
 */
interface VerificationAction {
  field: 'note' | 'message' | 'reason';
  required: boolean;
  from: readonly string[];
}
export const ACTIONS: ReadonlyMap<string, VerificationAction> = new Map([
  ['verify', { field: 'note', required: false, from: ['submitted'] }],
  ['request-information', { field: 'message', required: true, from: ['submitted'] }],
  ['reject', { field: 'reason', required: true, from: ['submitted'] }],
  ['suspend', { field: 'reason', required: true, from: ['verified'] }],
  ['reinstate', { field: 'reason', required: true, from: ['suspended'] }],
]);

/** The queue's views: awaiting verification first, then the other states an admin looks after. */
const STATUSES = ['submitted', 'information-requested', 'verified', 'suspended', 'rejected'] as const;
const PAGE_SIZE = 50;

const countyName = (code: string) => COUNTIES.find((c) => c.code === code)?.name ?? code;
const orgPath = (id: string) => `/organizations/${encodeURIComponent(id)}`;

export const verificationRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  router.use('/verification', tools.requireSignIn);

  router.get('/verification', async (req, res) => {
    const status = STATUSES.find((s) => s === req.query.status) ?? 'submitted';
    const page = await tools.api(res).read<{ items: OrganisationRecord[]; total: number }>('registration', '/organizations', { status, limit: String(PAGE_SIZE) });
    tools.render(req, res, 'verification/queue', { status, statuses: STATUSES, organisations: page.items, total: page.total, countyName });
  });

  const showOrganisation = async (req: Request, res: Response) => {
    const organisation = await tools.api(res).read<OrganisationRecord>('registration', orgPath(String(req.params.id)));
    const done = typeof req.query.done === 'string' && ACTIONS.has(req.query.done) ? req.query.done : undefined;
    const actions = [...ACTIONS].filter(([, action]) => action.from.includes(organisation.status)).map(([name]) => name);
    tools.render(req, res, 'verification/organisation', { organisation, actions, done, countyName });
  };
  router.get('/verification/:id', showOrganisation);

  const showAction = (req: Request, res: Response, organisation: OrganisationRecord, data: { value?: string; errors?: FieldError[]; refusal?: string; submission?: string }, status = 200) => {
    const name = String(req.params.action);
    tools.render(req, res, 'verification/action', { organisation, action: name, field: ACTIONS.get(name)!.field, required: ACTIONS.get(name)!.required, value: '', errors: [], ...data }, status);
  };

  router.get('/verification/:id/:action', async (req, res, next) => {
    if (!ACTIONS.has(req.params.action)) return next();
    const organisation = await tools.api(res).read<OrganisationRecord>('registration', orgPath(req.params.id));
    return showAction(req, res, organisation, {});
  });

  router.post('/verification/:id/:action', async (req, res, next) => {
    const action = ACTIONS.get(req.params.action);
    if (!action) return next();
    const api = tools.api(res);
    const value = formText(req, action.field);
    const submission = formText(req, 'submission');
    // Verify's note is optional: sent only when written. Every other text goes as typed, empty too, so the service says what it needs.
    const body = action.field === 'note' && value.trim() === '' ? {} : { [action.field]: value };
    const result = await api.send('registration', 'POST', `${orgPath(req.params.id)}/${req.params.action}`, body, submission);
    if (result.ok) return res.redirect(303, `/verification/${encodeURIComponent(req.params.id)}?done=${req.params.action}`);
    const organisation = await api.read<OrganisationRecord>('registration', orgPath(req.params.id));
    return showAction(req, res, organisation, { value, submission, ...refusalOrErrors(result.problem, action.field) }, result.problem.status === 400 ? 400 : 409);
  });

  return router;
};

/** A validation problem becomes messages at the field; a refusal (wrong status, …) the service's own words. */
const refusalOrErrors = (problem: ServiceProblem, field: string): { errors?: FieldError[]; refusal?: string } => {
  if (problem.status === 400) return { errors: fieldErrorsOf(problem, 'verification', new Map([[field, field]]), field) };
  return { refusal: refusalOf(problem) };
};

export const verificationJourney: Journey = {
  routes: verificationRoutes,
  navigation: [{ href: '/verification', key: 'verification.nav', roles: ['nctc-admin'] }],
};
