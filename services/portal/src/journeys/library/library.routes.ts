import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { AUDIENCES, COUNTIES, PILLAR_IDS, RESOURCE_TYPES } from '@csm/contracts';
import type { Journey, JourneyTools } from '../journey';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import { formList, formText, refusalOf } from '../../forms/form-values';
import { ServiceRefusedError } from '../../person-api';
import type { Session } from '../../sign-in/session-store';
import type { ServiceProblem } from '../../service-client';

/** A published item as the resources service answers the public. */
interface PublishedItem {
  resourceId: string;
  type: string;
  title: string;
  summary: string;
  body?: string;
  link?: string;
  language: string;
  pillars: string[];
  counties: string[];
  audiences: string[];
  source: string;
  licence: string;
  itemVersion: number;
  publishedAt: string;
}
/** An item with its editorial state, as its submitter and the editors read it. */
interface EditorialItem {
  resourceId: string;
  status: string;
  published?: PublishedItem;
  pending?: PublishedItem & { stage: string };
  lastDecision?: { decision: string; reason?: string };
}

/** The form's answers, as typed (the service decides what is valid). */
interface Answers {
  resourceId: string;
  type: string;
  title: string;
  summary: string;
  body: string;
  link: string;
  language: string;
  pillars: string[];
  counties: string[];
  audiences: string[];
  source: string;
  licence: string;
}
const FIELDS = new Map(['resourceId', 'type', 'title', 'summary', 'body', 'link', 'language', 'pillars', 'counties', 'audiences', 'source', 'licence'].map((f) => [f, f]));
const ID = /^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$/;
const FILTERS = ['q', 'language', 'audience', 'type', 'pillar', 'county'] as const;
const empty: Answers = { resourceId: '', type: 'guide', title: '', summary: '', body: '', link: '', language: 'en', pillars: [], counties: [], audiences: [], source: '', licence: '' };
const answersOf = (req: Request): Answers => ({
  resourceId: formText(req, 'resourceId').trim(),
  type: formText(req, 'type'),
  title: formText(req, 'title'),
  summary: formText(req, 'summary'),
  body: formText(req, 'body'),
  link: formText(req, 'link').trim(),
  language: formText(req, 'language').trim(),
  pillars: formList(req, 'pillars'),
  counties: formList(req, 'counties'),
  audiences: formList(req, 'audiences'),
  source: formText(req, 'source'),
  licence: formText(req, 'licence'),
});
const bodyOf = (a: Answers) => ({
  type: a.type,
  title: a.title,
  summary: a.summary,
  ...(a.body.trim() !== '' ? { body: a.body } : {}),
  ...(a.link !== '' ? { link: a.link } : {}),
  language: a.language,
  pillars: a.pillars,
  counties: a.counties,
  audiences: a.audiences,
  source: a.source,
  licence: a.licence,
});
const countyName = (code: string) => COUNTIES.find((c) => c.code === code)?.name ?? code;
const vocabularies = { counties: COUNTIES, pillarIds: PILLAR_IDS, audiences: AUDIENCES, types: RESOURCE_TYPES, countyName };

/**
 * The library (issue 12): the public searches published items in English and Kiswahili and reads
 * one (`/library`, `/library/items/:id`, the Atom feed passed through at `/library/feed.atom`); a
 * partner, county officer or NCTC staff submits an item and follows their submissions
 * (`/library/mine`); the NCTC's editors work through the review queue (`/library/review`). The
 * resources service decides everything; the public pages read without the person's token.
 */
const libraryRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  const publicRead = async <T>(res: Response, path: string, query: Record<string, string> = {}) => {
    const position = (res.locals.session as Session | undefined)?.positions?.resources;
    const result = await tools.services.resources.get<T>(path, position === undefined ? query : { ...query, minPosition: position });
    if (!result.ok) throw new ServiceRefusedError(result.problem);
    return result.body;
  };

  router.get('/library', async (req, res) => {
    const filters = Object.fromEntries(FILTERS.map((name) => [name, typeof req.query[name] === 'string' ? (req.query[name] as string).trim() : '']));
    const asked = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
    const result = await tools.services.resources.get<{ items: PublishedItem[]; total: number }>('/resources', asked);
    // A filter the service refuses (an unknown audience in a hand-made URL) is shown, not a failure.
    if (!result.ok && result.problem.status !== 400) throw new ServiceRefusedError(result.problem);
    tools.render(req, res, 'library/search', { ...vocabularies, filters, searched: Object.keys(asked).length > 0, items: result.ok ? result.body.items : [], refused: !result.ok }, result.ok ? 200 : 400);
  });

  router.get('/library/items/:resourceId', async (req, res) => {
    if (!ID.test(String(req.params.resourceId))) return tools.render(req, res, 'not-found', {}, 404);
    const item = await publicRead<PublishedItem>(res, `/resources/${req.params.resourceId}`);
    return tools.render(req, res, 'library/item', { ...vocabularies, item });
  });

  router.get('/library/feed.atom', async (_req, res) => {
    const upstream = await tools.services.resources.download('/feed.atom', {});
    if (!upstream.ok) {
      const problem = (upstream.headers.get('content-type') ?? '').includes('json') ? ((await upstream.json()) as ServiceProblem) : { type: 'about:blank', title: upstream.statusText, status: upstream.status };
      throw new ServiceRefusedError(problem);
    }
    res.status(200).set({ 'Content-Type': 'application/atom+xml; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    if (!upstream.body) return res.end();
    return pipeline(Readable.fromWeb(upstream.body as never), res);
  });

  router.use(['/library/mine', '/library/submit', '/library/review'], tools.requireSignIn);

  const showForm = (req: Request, res: Response, data: { answers: Answers; errors?: FieldError[]; refusal?: string }, status = 200) =>
    tools.render(req, res, 'library/submit', { ...vocabularies, errors: [], ...data }, status);
  router.get('/library/submit', (req, res) => showForm(req, res, { answers: empty }));
  router.post('/library/submit', async (req, res) => {
    const answers = answersOf(req);
    if (!ID.test(answers.resourceId)) return showForm(req, res, { answers, errors: [{ field: 'resourceId', key: 'library.errors.resourceId' }] }, 400);
    const result = await tools.api(res).send('resources', 'POST', `/resources/${answers.resourceId}`, bodyOf(answers), formText(req, 'submission'));
    if (result.ok) return res.redirect(303, '/library/mine?done=submitted');
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    if (result.problem.status === 400) return showForm(req, res, { answers, errors: fieldErrorsOf(result.problem, 'library', FIELDS, 'title') }, 400);
    return showForm(req, res, { answers, refusal: refusalOf(result.problem) }, result.problem.status);
  });

  router.get('/library/mine', async (req, res) => {
    const mine = await tools.api(res).read<{ items: EditorialItem[] }>('resources', '/my-submissions');
    const done = ['submitted'].find((d) => d === req.query.done);
    return tools.render(req, res, 'library/mine', { ...vocabularies, items: mine.items, done });
  });

  router.get('/library/review', async (req, res) => {
    const queue = await tools.api(res).read<{ items: EditorialItem[] }>('resources', '/editorial-queue');
    const done = ['published', 'changes-requested', 'rejected'].find((d) => d === req.query.done);
    return tools.render(req, res, 'library/review', { ...vocabularies, items: queue.items, done, errors: [] });
  });
  const DECISIONS = new Map([
    ['publish', { path: 'publish', done: 'published', reason: false }],
    ['changes', { path: 'changes-requested', done: 'changes-requested', reason: true }],
    ['reject', { path: 'reject', done: 'rejected', reason: true }],
  ]);
  router.post('/library/review/:resourceId', async (req, res) => {
    const decision = DECISIONS.get(formText(req, 'decision'));
    if (!decision || !ID.test(String(req.params.resourceId))) return tools.render(req, res, 'not-found', {}, 404);
    const body = decision.reason ? { reason: formText(req, 'reason') } : {};
    const result = await tools.api(res).send('resources', 'POST', `/resources/${req.params.resourceId}/${decision.path}`, body, formText(req, 'submission'));
    if (result.ok) return res.redirect(303, `/library/review?done=${decision.done}`);
    if (result.problem.status === 403) return tools.render(req, res, 'not-allowed', {}, 403);
    const queue = await tools.api(res).read<{ items: EditorialItem[] }>('resources', '/editorial-queue');
    const errors = result.problem.status === 400 ? [{ field: `reason-${req.params.resourceId}`, key: 'library.errors.reason' }] : [];
    return tools.render(req, res, 'library/review', { ...vocabularies, items: queue.items, errors, refusal: result.problem.status === 400 ? undefined : refusalOf(result.problem) }, result.problem.status);
  });
  return router;
};

export const libraryJourney: Journey = {
  routes: libraryRoutes,
  navigation: [
    { href: '/library/mine', key: 'library.nav.mine', roles: ['partner', 'county-officer', 'nctc-admin'] },
    { href: '/library/review', key: 'library.nav.review', roles: ['nctc-admin'] },
  ],
};
