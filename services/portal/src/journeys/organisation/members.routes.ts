import { Router, type Request, type Response } from 'express';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import { ServiceRefusedError } from '../../person-api';
import type { ServiceProblem } from '../../service-client';
import type { JourneyTools } from '../journey';
import type { OrganisationRecord } from './my-organisation.routes';
import { NAMESPACE } from './register.routes';

const MEMBER_FIELDS: ReadonlyMap<string, string> = new Map([
  ['username', 'username'],
  ['role', 'role'],
]);

/**
 * The service's refusals a member can be told about on the form itself; any other (another
 * organisation's page, signed out) is the matching error page. The codes are the service's.
 */
const MEMBER_REFUSALS: ReadonlyMap<string, string> = new Map([
  ['organization.not-an-admin', 'notAnAdmin'],
  ['organization.last-admin', 'lastAdmin'],
  ['organization.member-not-found', 'memberNotFound'],
]);

const refusalOnForm = (problem: ServiceProblem, field: string): FieldError[] | undefined => {
  const code = problem.type.split('/').pop() ?? '';
  const message = MEMBER_REFUSALS.get(code);
  if (message) return [{ field, key: `${NAMESPACE}.errors.${message}` }];
  if (problem.status === 400 || problem.status === 409) return fieldErrorsOf(problem, NAMESPACE, MEMBER_FIELDS, field);
  return undefined;
};

const membersPath = (id: string) => `/my-organisation/${encodeURIComponent(id)}/members`;

/**
 * Members of the person's organisation: the list, adding one, removing one. Only the
 * organisation's admins may change it — the registration service says so, and its refusal is
 * shown on the form.
 */
export const membersRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const { render, requireSignIn } = tools;
  const readOrganisation = (res: Response, id: string) => tools.api(res).read<OrganisationRecord>('registration', `/organizations/${encodeURIComponent(id)}`);

  router.get('/my-organisation/:id/members', requireSignIn, async (req, res) => {
    render(req, res, 'organisation/members', { organisation: await readOrganisation(res, String(req.params.id)) });
  });

  const showAdd = async (req: Request, res: Response, id: string, extra: { errors: FieldError[]; answers: Record<string, string>; submission?: string }, status = 200) =>
    render(req, res, 'organisation/add-member', { organisation: await readOrganisation(res, id), ...extra }, status);

  router.get('/my-organisation/:id/members/add', requireSignIn, async (req, res) => {
    await showAdd(req, res, String(req.params.id), { errors: [], answers: {} });
  });

  router.post('/my-organisation/:id/members/add', requireSignIn, async (req, res) => {
    const id = String(req.params.id);
    const username = typeof req.body.username === 'string' ? req.body.username.trim() : '';
    const role = typeof req.body.role === 'string' ? req.body.role : '';
    const submission = String(req.body.submission ?? '');
    const answers = { username, role };
    const missing = [...MEMBER_FIELDS.values()].filter((field) => answers[field as 'username' | 'role'] === '');
    if (missing.length > 0) {
      const errors = missing.map((field) => ({ field, key: `${NAMESPACE}.errors.member.${field}` }));
      return showAdd(req, res, id, { errors, answers, submission }, 400);
    }
    const sent = await tools.api(res).send('registration', 'POST', `/organizations/${encodeURIComponent(id)}/members`, { username, role }, submission);
    if (sent.ok) return res.redirect(303, membersPath(id));
    const errors = refusalOnForm(sent.problem, 'username');
    if (!errors) throw new ServiceRefusedError(sent.problem);
    return showAdd(req, res, id, { errors, answers, submission }, sent.problem.status);
  });

  const showRemove = async (req: Request, res: Response, id: string, username: string, extra: { errors: FieldError[]; submission?: string }, status = 200) => {
    const organisation = await readOrganisation(res, id);
    const member = organisation.members.find((m) => m.username === username);
    if (!member) return render(req, res, 'not-found', {}, 404);
    return render(req, res, 'organisation/remove-member', { organisation, member, ...extra }, status);
  };

  router.get('/my-organisation/:id/members/:username/remove', requireSignIn, async (req, res) => {
    await showRemove(req, res, String(req.params.id), String(req.params.username), { errors: [] });
  });

  router.post('/my-organisation/:id/members/:username/remove', requireSignIn, async (req, res) => {
    const id = String(req.params.id);
    const username = String(req.params.username);
    const submission = String(req.body.submission ?? '');
    const sent = await tools.api(res).send(
      'registration',
      'DELETE',
      `/organizations/${encodeURIComponent(id)}/members/${encodeURIComponent(username)}`,
      undefined,
      submission,
    );
    if (sent.ok) return res.redirect(303, membersPath(id));
    const errors = refusalOnForm(sent.problem, 'confirm');
    if (!errors) throw new ServiceRefusedError(sent.problem);
    return showRemove(req, res, id, username, { errors, submission }, sent.problem.status);
  });

  return router;
};
