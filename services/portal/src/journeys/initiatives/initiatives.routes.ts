import { Router, type Request, type Response } from 'express';
import { BUDGET_BANDS, COUNTIES, PILLAR_IDS } from '@csm/contracts';
import type { Journey, JourneyTools } from '../journey';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import { formList, formText, refusalOf } from '../../forms/form-values';
import type { Session } from '../../sign-in/session-store';

/** An initiative as the service answers its organisation and the NCTC. */
interface Initiative {
  organizationId: string;
  organizationName?: string;
  initiativeId: string;
  title: string;
  description: string;
  counties: string[];
  pillars: string[];
  startsOn: string;
  endsOn?: string;
  partners: string[];
  budgetBand: string;
  sensitive: boolean;
  status: 'active' | 'closed';
  featured: boolean;
  changesRequested?: { reason: string };
}

/** The form's answers, as typed (the service decides what is valid). */
interface Answers {
  initiativeId: string;
  title: string;
  description: string;
  counties: string[];
  pillars: string[];
  startsOn: string;
  endsOn: string;
  partners: string;
  budgetBand: string;
  sensitive: boolean;
}

const DRAFT = 'initiativeDeclaration';
const FIELDS = new Map([
  ['initiativeId', 'initiativeId'],
  ['title', 'title'],
  ['description', 'description'],
  ['counties', 'counties'],
  ['pillars', 'pillars'],
  ['startsOn', 'startsOn'],
  ['endsOn', 'endsOn'],
  ['partners', 'partners'],
  ['budgetBand', 'budgetBand'],
]);
const ID = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

const answersOf = (req: Request): Answers => ({
  initiativeId: formText(req, 'initiativeId').trim(),
  title: formText(req, 'title'),
  description: formText(req, 'description'),
  counties: formList(req, 'counties'),
  pillars: formList(req, 'pillars'),
  startsOn: formText(req, 'startsOn').trim(),
  endsOn: formText(req, 'endsOn').trim(),
  partners: formText(req, 'partners'),
  budgetBand: formText(req, 'budgetBand'),
  sensitive: formText(req, 'sensitive') === 'yes',
});
const answersFrom = (i: Initiative): Answers => ({ ...i, endsOn: i.endsOn ?? '', partners: i.partners.join(', ') });
const bodyOf = (a: Answers) => ({
  title: a.title,
  description: a.description,
  counties: a.counties,
  pillars: a.pillars,
  startsOn: a.startsOn,
  ...(a.endsOn !== '' ? { endsOn: a.endsOn } : {}),
  partners: a.partners
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== ''),
  budgetBand: a.budgetBand,
  sensitive: a.sensitive,
});
const empty: Answers = { initiativeId: '', title: '', description: '', counties: [], pillars: [], startsOn: '', endsOn: '', partners: '', budgetBand: '', sensitive: false };

/**
 * Initiatives (issue 10): a verified organisation's people declare theirs (a form, check your
 * answers, declare), keep them current and close them (`/my-initiatives`); the NCTC features one
 * or asks for changes with a reason (`/initiatives-review`). The county-plans service decides
 * everything: a 403 from it (another organisation's initiative, an organisation not verified)
 * is the not-allowed page.
 */
const initiativesRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  router.use(['/my-initiatives', '/initiatives-review'], tools.requireSignIn);
  const orgOf = (res: Response) => (res.locals.session as Session).user?.organizationId ?? '';
  const keepDraft = async (res: Response, answers: Answers | undefined) => {
    const session = res.locals.session as Session;
    const drafts: Record<string, unknown> = { ...session.drafts };
    if (answers) drafts[DRAFT] = answers;
    else delete drafts[DRAFT];
    session.drafts = drafts;
    await tools.saveSession(res);
  };
  const view = { counties: COUNTIES, pillarIds: PILLAR_IDS, bands: BUDGET_BANDS };
  const showForm = (req: Request, res: Response, data: { answers: Answers; action: string; amend: boolean; errors?: FieldError[]; refusal?: string }, status = 200) =>
    tools.render(req, res, 'initiatives/form', { ...view, errors: [], ...data }, status);
  const errorsOf = (problem: Parameters<typeof fieldErrorsOf>[0]) => fieldErrorsOf(problem, 'initiatives', FIELDS, 'title');
  const mine = (orgId: string) => `/organizations/${encodeURIComponent(orgId)}/initiatives`;

  router.get('/my-initiatives', async (req, res) => {
    const orgId = orgOf(res);
    if (!orgId) return tools.render(req, res, 'not-allowed', {}, 403);
    const list = await tools.api(res).read<{ items: Initiative[] }>('countyPlans', mine(orgId));
    const done = ['declared', 'amended', 'closed'].find((d) => d === req.query.done);
    return tools.render(req, res, 'initiatives/mine', { items: list.items, done, countyName: (code: string) => COUNTIES.find((c) => c.code === code)?.name ?? code });
  });

  router.get('/my-initiatives/new', (req, res) => showForm(req, res, { answers: ((res.locals.session as Session).drafts?.[DRAFT] as Answers | undefined) ?? empty, action: '/my-initiatives/new', amend: false }));
  router.post('/my-initiatives/new', async (req, res) => {
    const answers = answersOf(req);
    if (!ID.test(answers.initiativeId)) {
      return showForm(req, res, { answers, action: '/my-initiatives/new', amend: false, errors: [{ field: 'initiativeId', key: 'initiatives.errors.initiativeId' }] }, 400);
    }
    await keepDraft(res, answers);
    return res.redirect(303, '/my-initiatives/new/check');
  });
  router.get('/my-initiatives/new/check', (req, res) => {
    const answers = (res.locals.session as Session).drafts?.[DRAFT] as Answers | undefined;
    if (!answers) return res.redirect(303, '/my-initiatives/new');
    return tools.render(req, res, 'initiatives/check', { ...view, answers, countyName: (code: string) => COUNTIES.find((c) => c.code === code)?.name ?? code });
  });
  router.post('/my-initiatives/new/check', async (req, res) => {
    const answers = (res.locals.session as Session).drafts?.[DRAFT] as Answers | undefined;
    if (!answers) return res.redirect(303, '/my-initiatives/new');
    const result = await tools.api(res).send('countyPlans', 'POST', `${mine(orgOf(res))}/${answers.initiativeId}`, bodyOf(answers), formText(req, 'submission'));
    if (result.ok) {
      await keepDraft(res, undefined);
      return res.redirect(303, '/my-initiatives?done=declared');
    }
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (result.problem.status === 400) return showForm(req, res, { answers, action: '/my-initiatives/new', amend: false, errors: errorsOf(result.problem) }, 400);
    return showForm(req, res, { answers, action: '/my-initiatives/new', amend: false, refusal: refusalOf(result.problem) }, result.problem.status);
  });

  const editPath = '/my-initiatives/:orgId/:initiativeId/edit';
  const pathOf = (req: Request) => `/organizations/${encodeURIComponent(String(req.params.orgId))}/initiatives/${encodeURIComponent(String(req.params.initiativeId))}`;
  router.get(editPath, async (req, res) => {
    const initiative = await tools.api(res).read<Initiative>('countyPlans', pathOf(req));
    return showForm(req, res, { answers: answersFrom(initiative), action: req.path, amend: true });
  });
  router.post(editPath, async (req, res) => {
    const answers = { ...answersOf(req), initiativeId: String(req.params.initiativeId) };
    const result = await tools.api(res).send('countyPlans', 'PUT', pathOf(req), bodyOf(answers), formText(req, 'submission'));
    if (result.ok) return res.redirect(303, '/my-initiatives?done=amended');
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (result.problem.status === 400) return showForm(req, res, { answers, action: req.path, amend: true, errors: errorsOf(result.problem) }, 400);
    return showForm(req, res, { answers, action: req.path, amend: true, refusal: refusalOf(result.problem) }, result.problem.status);
  });
  router.post('/my-initiatives/:orgId/:initiativeId/close', async (req, res) => {
    const result = await tools.api(res).send('countyPlans', 'POST', `${pathOf(req)}/close`, {}, formText(req, 'submission'));
    if (result.ok) return res.redirect(303, '/my-initiatives?done=closed');
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    return tools.render(req, res, 'initiatives/refused', { refusal: refusalOf(result.problem) }, result.problem.status);
  });

  router.get('/initiatives-review', async (req, res) => {
    const list = await tools.api(res).read<{ items: Initiative[] }>('countyPlans', '/initiatives', { status: 'active' });
    const done = ['featured', 'changes'].find((d) => d === req.query.done);
    return tools.render(req, res, 'initiatives/review', { items: list.items, done, errors: [], reason: '' });
  });
  router.post('/initiatives-review/:orgId/:initiativeId/feature', async (req, res) => {
    const result = await tools.api(res).send('countyPlans', 'POST', `${pathOf(req)}/feature`, {}, formText(req, 'submission'));
    if (result.ok) return res.redirect(303, '/initiatives-review?done=featured');
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    return tools.render(req, res, 'initiatives/refused', { refusal: refusalOf(result.problem) }, result.problem.status);
  });
  router.post('/initiatives-review/:orgId/:initiativeId/changes', async (req, res) => {
    const reason = formText(req, 'reason');
    const result = await tools.api(res).send('countyPlans', 'POST', `${pathOf(req)}/changes-requested`, reason.trim() ? { reason } : {}, formText(req, 'submission'));
    if (result.ok) return res.redirect(303, '/initiatives-review?done=changes');
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (result.problem.status === 400) {
      const list = await tools.api(res).read<{ items: Initiative[] }>('countyPlans', '/initiatives', { status: 'active' });
      const errors = [{ field: `reason-${String(req.params.orgId)}-${String(req.params.initiativeId)}`, key: 'initiatives.errors.reason' }];
      return tools.render(req, res, 'initiatives/review', { items: list.items, errors, reason }, 400);
    }
    return tools.render(req, res, 'initiatives/refused', { refusal: refusalOf(result.problem) }, result.problem.status);
  });
  return router;
};

export const initiativesJourney: Journey = {
  routes: initiativesRoutes,
  navigation: [
    { href: '/my-initiatives', key: 'initiatives.nav.mine', roles: ['partner'] },
    { href: '/initiatives-review', key: 'initiatives.nav.review', roles: ['nctc-admin'] },
  ],
};
