import { Router, type Request, type Response } from 'express';
import type { JourneyTools } from '../journey';
import type { FieldError } from '../../forms/problem-fields';
import { formText } from '../../forms/form-values';
import { APPLICATION_ACTIONS, LEGAL_ITEMS } from './application-actions';
import { callPath, countyName, organisationNames, problemOnForm, type ApplicationRecord, type CallRecord } from './calls-admin.routes';

const applicationPath = (callId: string, orgId: string) => `/proposals/${encodeURIComponent(callId)}/${encodeURIComponent(orgId)}`;
const pagePath = (callId: string, orgId: string) => `/manage/calls/${encodeURIComponent(callId)}/applications/${encodeURIComponent(orgId)}`;

/** One application to a call (concept note → full proposal → assessment), and the NCTC's decisions on it. */
export const applicationRoutes = (tools: JourneyTools): Router => {
  const router = Router();

  const load = async (res: Response, callId: string, orgId: string) => {
    const api = tools.api(res);
    const [call, application] = await Promise.all([api.read<CallRecord>('proposals', callPath(callId)), api.read<ApplicationRecord>('proposals', applicationPath(callId, orgId))]);
    const name = (await organisationNames(api, [orgId])).get(orgId) ?? orgId;
    return { call, application, name };
  };

  router.get('/manage/calls/:id/applications/:orgId', async (req, res) => {
    const loaded = await load(res, req.params.id, req.params.orgId);
    const actions = [...APPLICATION_ACTIONS].filter(([, action]) => action.offeredIn(loaded.application)).map(([name]) => name);
    const done = typeof req.query.done === 'string' && APPLICATION_ACTIONS.has(req.query.done) ? req.query.done : undefined;
    tools.render(req, res, 'calls-admin/application', { ...loaded, actions, done, countyName, legalItems: LEGAL_ITEMS });
  });

  const showAction = async (req: Request, res: Response, extra: { values?: Map<string, string>; errors?: FieldError[]; refusal?: string; submission?: string } = {}, status = 200) => {
    const loaded = await load(res, String(req.params.id), String(req.params.orgId));
    const action = String(req.params.action);
    tools.render(req, res, 'calls-admin/application-action', { ...loaded, action, fields: APPLICATION_ACTIONS.get(action)!.fields, values: new Map(), errors: [], ...extra }, status);
  };

  router.get('/manage/calls/:id/applications/:orgId/:action', async (req, res, next) => {
    if (!APPLICATION_ACTIONS.has(req.params.action)) return next();
    return showAction(req, res);
  });

  router.post('/manage/calls/:id/applications/:orgId/:action', async (req, res, next) => {
    const action = APPLICATION_ACTIONS.get(req.params.action);
    if (!action) return next();
    const { id, orgId } = req.params;
    const submission = formText(req, 'submission');
    const result = await tools.api(res).send('proposals', 'POST', action.apiPath(id, orgId), action.body(req), submission);
    if (result.ok) return res.redirect(303, `${pagePath(id, orgId)}?done=${req.params.action}`);
    const values = new Map(action.fields.map((field) => [field.name, formText(req, field.name)]));
    const fallback = action.fields[0]?.name ?? 'action';
    return showAction(req, res, { values, submission, ...problemOnForm(result.problem, action.errorFields, fallback) }, result.problem.status === 400 ? 400 : 409);
  });

  return router;
};
