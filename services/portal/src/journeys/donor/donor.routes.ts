import { Router, type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { CallRead, RecommendationPackRead } from '@csm/contracts';
import type { FieldError } from '../../forms/problem-fields';
import { fieldErrorsOf } from '../../forms/problem-fields';
import type { PersonApi } from '../../person-api';
import type { ServiceProblem } from '../../service-client';
import type { Journey, JourneyTools } from '../journey';

/** A call's recommendation pack as a receiving body reads it (`GET /calls/:id/ranking`): the proposals API's `RecommendationPackRead`. */
type Pack = z.infer<typeof RecommendationPackRead>;
export type PackRow = Pack['rows'][number];
/** The proposals API's `CallRead`. */
type Call = z.infer<typeof CallRead>;

const ID = /^[a-z0-9][a-z0-9-]{0,80}$/;
const PROBLEM_PREFIX = 'https://csm.go.ke/problems/';
/** Refusals of a decision that are no field's fault, in our words (`donor.refusals.<key>`). */
const DECISION_REFUSALS = new Map([
  ['proposal.decision-not-addressed', 'notAddressed'],
  ['proposal.legal-ethical-blocked', 'blocked'],
  ['proposal.not-recommended', 'alreadyDecided'],
]);

const text = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');

/** The packs addressed to the person's body: the service keeps only the rows whose recommendation names it. */
const packsFor = async (person: PersonApi): Promise<Pack[]> => {
  const { items } = await person.read<{ items: Call[] }>('proposals', '/calls');
  const packs = await Promise.all(items.filter((c) => c.status !== 'draft').map((c) => person.read<Pack>('proposals', `/calls/${encodeURIComponent(c._id)}/ranking`)));
  return packs.filter((p) => p.rows.length > 0);
};

/** A recommendation's row in its call's pack, or undefined when the pack holds none for this body. */
const rowOf = async (person: PersonApi, callId: string, orgId: string): Promise<{ pack: Pack; row: PackRow | undefined } | undefined> => {
  if (!ID.test(callId) || !ID.test(orgId)) return undefined;
  const pack = await person.get<Pack>('proposals', `/calls/${callId}/ranking`);
  if (!pack.ok) {
    if (pack.problem.status === 404) return undefined;
    throw new Error(`ranking: ${pack.problem.status} ${pack.problem.title}`);
  }
  return { pack: pack.body, row: pack.body.rows.find((r) => r.proposalId === `${callId}.${orgId}`) };
};

/** The service's refusal of a decision on the fields it names, or on the page for refusals of the decision itself. */
const decisionErrors = (problem: ServiceProblem): FieldError[] => {
  const code = problem.type.startsWith(PROBLEM_PREFIX) ? problem.type.slice(PROBLEM_PREFIX.length) : '';
  const refusal = DECISION_REFUSALS.get(code);
  if (refusal) return [{ field: 'decision', key: `donor.refusals.${refusal}`, detail: problem.title }];
  return fieldErrorsOf(problem, 'donor', new Map([['decision', 'decision'], ['amount', 'amount'], ['note', 'note']]), 'other');
};

/**
 * A donor's (or GCERF's) liaison: the recommendation packs addressed to their body, a
 * recommendation's page, and the body's decision. Which rows a body reads and whether it may
 * decide is the proposals service's rule (the recommendation names the body by the token's org_id).
 */
export const donorJourney: Journey = {
  navigation: [{ href: '/recommendations', key: 'donor.nav', roles: ['donor'] }],
  routes: ({ render, requireSignIn, api }: JourneyTools) => {
    const router = Router();
    router.use('/recommendations', requireSignIn);

    router.get('/recommendations', async (req, res) => {
      const packs = await packsFor(api(res));
      const recommendations = packs.flatMap((pack) => pack.rows.map((row) => ({ ...row, callId: pack.callId, callTitle: pack.title, orgId: row.proposalId.slice(pack.callId.length + 1) })));
      return render(req, res, 'donor/recommendations', { packs, recommendations });
    });

    // The pack as the service renders it for print and spreadsheets, passed through untouched.
    router.get('/recommendations/packs/:file', async (req, res, next) => {
      const [, callId, format] = /^([a-z0-9][a-z0-9-]{0,80})\.(csv|html)$/.exec(String(req.params.file)) ?? [];
      if (!callId || !format) return next();
      const file = await api(res).download('proposals', `/calls/${callId}/recommendation-pack.${format}`);
      if (file.status === 404) return next();
      if (file.status === 401 || file.status === 403) return render(req, res, 'not-allowed', {}, 403);
      if (!file.ok) throw new Error(`pack: ${file.status}`);
      for (const header of ['content-type', 'content-disposition', 'content-security-policy']) {
        const value = file.headers.get(header);
        if (value) res.set(header, value);
      }
      return res.status(200).send(Buffer.from(await file.arrayBuffer()));
    });

    const recommendationPage = async (req: Request, res: Response, next: NextFunction, view: string, data: Record<string, unknown> = {}) => {
      const { callId, orgId } = req.params as { callId: string; orgId: string };
      const found = await rowOf(api(res), callId, orgId);
      if (!found?.row) return next(); // not addressed to this body: the service shows it nothing
      return render(req, res, view, { row: found.row, pack: found.pack, page: `/recommendations/${callId}/${orgId}`, ...data });
    };
    router.get('/recommendations/:callId/:orgId', (req, res, next) => recommendationPage(req, res, next, 'donor/recommendation', { decided: req.query.decided === '1' }));

    const decisionForm = (req: Request, res: Response, row: PackRow | undefined, data: Record<string, unknown>, status = 200) => {
      const { callId, orgId } = req.params as { callId: string; orgId: string };
      return render(req, res, 'donor/decision', { row, reference: `${callId}.${orgId}`, page: `/recommendations/${callId}/${orgId}`, answers: {}, errors: [], ...data }, status);
    };
    router.get('/recommendations/:callId/:orgId/decision', async (req, res, next) => {
      const { callId, orgId } = req.params as { callId: string; orgId: string };
      const found = await rowOf(api(res), callId, orgId);
      if (!found?.row) return next();
      if (found.row.status !== 'recommended') return res.redirect(303, `/recommendations/${callId}/${orgId}`);
      return decisionForm(req, res, found.row, {});
    });
    router.post('/recommendations/:callId/:orgId/decision', async (req, res, next) => {
      const { callId, orgId } = req.params as { callId: string; orgId: string };
      if (!ID.test(callId) || !ID.test(orgId)) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const answers = { decision: text(body, 'decision'), amount: text(body, 'amount'), note: text(body, 'note') };
      // Shillings as people write them ("3,500,000"); anything else goes as typed, for the service to refuse.
      const amount = answers.amount.replace(/[\s,]/g, '');
      const decision = {
        ...(answers.decision === 'approved' || answers.decision === 'rejected' ? { decision: answers.decision } : {}),
        ...(amount !== '' ? { amount: /^\d+$/.test(amount) ? Number(amount) : answers.amount } : {}),
        note: answers.note,
      };
      const person = api(res);
      const result = await person.send('proposals', 'POST', `/proposals/${callId}/${orgId}/decision`, decision, text(body, 'submission'));
      if (!result.ok) {
        if (result.problem.status === 404) return next();
        const found = await rowOf(person, callId, orgId);
        return decisionForm(req, res, found?.row, { answers, errors: decisionErrors(result.problem), submission: text(body, 'submission') }, result.problem.status);
      }
      return res.redirect(303, `/recommendations/${callId}/${orgId}?decided=1`);
    });

    return router;
  },
};
