import { Router, type Request, type Response } from 'express';
import { LEGAL_ETHICAL_ITEMS } from '@csm/contracts';
import { fieldErrorsOf } from '../../forms/problem-fields';
import type { PersonApi } from '../../person-api';
import type { ServiceProblem } from '../../service-client';
import type { Journey, JourneyTools } from '../journey';
import { problemCode, REVIEW_REFUSALS } from './refusals';
import { enteredScores, scoreSheetErrors, scoresToSend, type Criterion } from './score-sheet-form';

/** `GET /reviews`: the reviewer's assignments. */
interface Assignment {
  proposalId: string;
  callId: string;
  organizationId: string;
  organizationName: string;
  title?: string;
  status: string;
  declared: boolean;
  recused: boolean;
  locked: boolean;
}
/** `GET …/review`: the proposal in full with what it is scored against. */
interface ProposalForReview extends Omit<Assignment, 'declared' | 'recused' | 'locked'> {
  conceptNote?: { summary: string; requestedBudget: { currency: string; amount: number }; durationMonths: number };
  fullProposal?: { title: string; summary: string; budget: { currency: string; lines: { amount: number }[] }; durationMonths: number; safeguardingPlan: string };
  criteria: Criterion[];
  scoreScale: number;
}
interface ScoreSheet {
  reviewer: string;
  scores: { criterionId: string; score: number; comment: string }[];
  locked: boolean;
  weightedScore?: number;
}

const LEGAL_ITEMS = Object.entries(LEGAL_ETHICAL_ITEMS).map(([id, item]) => ({ id, mandatory: item.mandatory }));
const REF = /^[a-z0-9][a-z0-9-]{0,80}$/;

/** The proposal a page is about: `/reviews/:ref/:orgId`, as the API names it. */
const pathOf = (req: Request): string | undefined => {
  const { ref, orgId } = req.params as { ref: string; orgId: string };
  return REF.test(ref) && REF.test(orgId) ? `/proposals/${ref}/${orgId}` : undefined;
};
const pageOf = (req: Request): string => `/reviews/${(req.params as { ref: string }).ref}/${(req.params as { orgId: string }).orgId}`;
const bodyOf = (req: Request): Record<string, unknown> => (req.body ?? {}) as Record<string, unknown>;
const text = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');

/**
 * The reviewer's work: the queue of assignments, declaring interests (a conflict recuses), the
 * score sheet (drafts, then a lock after checking the answers) and the legal and ethical check.
 * The proposals service decides who may do what; a refusal is shown as it decided it.
 */
export const reviewJourney: Journey = {
  navigation: [{ href: '/reviews', key: 'review.nav', roles: ['reviewer'] }],
  routes: ({ render, requireSignIn, api }: JourneyTools) => {
    const router = Router();
    router.use('/reviews', requireSignIn);

    /** A refusal of the service, said in our words when we know it, else in its own. */
    const refused = (req: Request, res: Response, problem: ServiceProblem) => {
      const code = problemCode(problem);
      return render(req, res, 'review/refused', { code: REVIEW_REFUSALS.has(code) ? code : undefined, detail: problem.title }, problem.status === 404 ? 404 : 403);
    };
    const assignmentOf = async (person: PersonApi, req: Request): Promise<Assignment | undefined> => {
      const { items } = await person.read<{ items: Assignment[] }>('proposals', '/reviews');
      const { ref, orgId } = req.params as { ref: string; orgId: string };
      return items.find((a) => a.proposalId === `${ref}.${orgId}`);
    };
    /** The proposal in full, or the service's reason why not (not on the panel, not declared, recused). */
    const proposalFor = async (person: PersonApi, req: Request) => {
      const path = pathOf(req);
      if (!path) return { ok: false as const, problem: { type: 'about:blank', title: 'Not found', status: 404 } };
      return person.get<ProposalForReview>('proposals', `${path}/review`);
    };
    /** Why the service will not show this proposal to the caller (not on its panel, no such proposal). */
    const refusalOf = async (person: PersonApi, req: Request): Promise<ServiceProblem> => {
      const answer = await proposalFor(person, req);
      return answer.ok ? { type: 'about:blank', title: 'Not found', status: 404 } : answer.problem;
    };

    router.get('/reviews', async (req, res) => {
      const person = api(res);
      const [{ items }, calls] = await Promise.all([
        person.read<{ items: Assignment[] }>('proposals', '/reviews'),
        person.read<{ items: { _id: string; details: { title: string } }[] }>('proposals', '/calls'),
      ]);
      // Calls by their titles; a direct partnership has no call and keeps its reference.
      const callTitles = new Map(calls.items.map((c) => [c._id, c.details.title]));
      return render(req, res, 'review/queue', { assignments: items.map((a) => ({ ...a, callTitle: callTitles.get(a.callId), direct: a.callId.startsWith('direct-') })) });
    });

    router.get('/reviews/:ref/:orgId', async (req, res) => {
      const person = api(res);
      const assignment = await assignmentOf(person, req);
      if (!assignment || !assignment.declared || assignment.recused) {
        // Not in the queue: ask the service, which says why (not on this panel, no such proposal).
        if (!assignment) return refused(req, res, await refusalOf(person, req));
        return render(req, res, 'review/assignment', { assignment, page: pageOf(req), notice: req.query.done });
      }
      const proposal = await proposalFor(person, req);
      if (!proposal.ok) return refused(req, res, proposal.problem);
      const sheets = await person.read<{ items: ScoreSheet[] }>('proposals', `${pathOf(req)}/score-sheets`);
      return render(req, res, 'review/assignment', {
        assignment,
        proposal: proposal.body,
        draft: mySheet(sheets.items, assignment.locked),
        // Once the caller's sheet is locked the service shows every locked sheet of the panel.
        lockedSheets: assignment.locked ? sheets.items.filter((s) => s.locked) : [],
        page: pageOf(req),
        notice: req.query.done,
      });
    });

    // Declaring interests: before reading the proposal in full, once, final.
    const interestsForm = (req: Request, res: Response, assignment: Assignment, data: Record<string, unknown>, status = 200) =>
      render(req, res, 'review/interests', { assignment, page: pageOf(req), answers: {}, errors: [], ...data }, status);
    router.get('/reviews/:ref/:orgId/interests', async (req, res) => {
      const assignment = await assignmentOf(api(res), req);
      if (!assignment) return refused(req, res, await refusalOf(api(res), req));
      if (assignment.declared) return res.redirect(303, pageOf(req));
      return interestsForm(req, res, assignment, {});
    });
    router.post('/reviews/:ref/:orgId/interests', async (req, res) => {
      const person = api(res);
      const assignment = await assignmentOf(person, req);
      if (!assignment) return refused(req, res, await refusalOf(person, req));
      const body = bodyOf(req);
      const answers = { conflict: text(body, 'conflict'), details: text(body, 'details') };
      const declaration = {
        ...(answers.conflict === 'yes' ? { conflict: true } : answers.conflict === 'no' ? { conflict: false } : {}),
        ...(answers.details.trim() !== '' ? { details: answers.details } : {}),
      };
      const result = await person.send('proposals', 'POST', `${pathOf(req)}/conflict-declaration`, declaration, text(body, 'submission'));
      if (!result.ok) {
        if (result.problem.status === 403 || result.problem.status === 404 || problemCode(result.problem) === 'proposal.already-declared') return refused(req, res, result.problem);
        const errors = fieldErrorsOf(result.problem, 'review', new Map([['conflict', 'conflict'], ['details', 'details']]), 'conflict');
        return interestsForm(req, res, assignment, { answers, errors, submission: text(body, 'submission') }, result.problem.status);
      }
      return res.redirect(303, `${pageOf(req)}?done=declared`);
    });

    // The score sheet: save drafts as often as needed, then check the answers and lock.
    const sheetForm = (req: Request, res: Response, proposal: ProposalForReview, data: Record<string, unknown>, status = 200) =>
      render(req, res, 'review/score-sheet', { proposal, page: pageOf(req), errors: [], notice: req.query.saved ? 'saved' : undefined, ...data }, status);
    const enteredFrom = (sheet: ScoreSheet | undefined, criteria: Criterion[]) =>
      criteria.map((c) => {
        const s = sheet?.scores.find((x) => x.criterionId === c.id);
        return { criterionId: c.id, score: s ? String(s.score) : '', comment: s?.comment ?? '' };
      });
    router.get('/reviews/:ref/:orgId/score-sheet', async (req, res) => {
      const person = api(res);
      const proposal = await proposalFor(person, req);
      if (!proposal.ok) return refused(req, res, proposal.problem);
      const sheets = await person.read<{ items: ScoreSheet[] }>('proposals', `${pathOf(req)}/score-sheets`);
      const assignment = await assignmentOf(person, req);
      if (assignment?.locked) return res.redirect(303, pageOf(req));
      const sheet = mySheet(sheets.items, false);
      return sheetForm(req, res, proposal.body, { entered: enteredFrom(sheet, proposal.body.criteria) });
    });
    router.post('/reviews/:ref/:orgId/score-sheet', async (req, res) => {
      const person = api(res);
      const proposal = await proposalFor(person, req);
      if (!proposal.ok) return refused(req, res, proposal.problem);
      const body = bodyOf(req);
      const entered = enteredScores(proposal.body.criteria, body);
      const scores = scoresToSend(entered);
        const result = await person.send('proposals', 'PUT', `${pathOf(req)}/score-sheet`, { scores }, text(body, 'submission'));
      if (!result.ok) {
        if (result.problem.status === 403 || result.problem.status === 404 || problemCode(result.problem) === 'proposal.score-sheet-locked') return refused(req, res, result.problem);
        const errors = scoreSheetErrors(result.problem, entered, proposal.body.scoreScale);
        return sheetForm(req, res, proposal.body, { entered, errors, submission: text(body, 'submission') }, result.problem.status);
      }
      return res.redirect(303, text(body, 'action') === 'check' ? `${pageOf(req)}/score-sheet/check` : `${pageOf(req)}/score-sheet?saved=1`);
    });

    // Check your answers, then lock: the service locks the draft saved last, so what is shown is what is locked.
    const checkPage = async (req: Request, res: Response, person: PersonApi, data: Record<string, unknown> = {}, status = 200) => {
      const proposal = await proposalFor(person, req);
      if (!proposal.ok) return refused(req, res, proposal.problem);
      const sheets = await person.read<{ items: ScoreSheet[] }>('proposals', `${pathOf(req)}/score-sheets`);
      const assignment = await assignmentOf(person, req);
      if (assignment?.locked) return res.redirect(303, pageOf(req));
      const sheet = mySheet(sheets.items, false);
      return render(req, res, 'review/check-sheet', { proposal: proposal.body, entered: enteredFrom(sheet, proposal.body.criteria), page: pageOf(req), errors: [], ...data }, status);
    };
    router.get('/reviews/:ref/:orgId/score-sheet/check', async (req, res) => checkPage(req, res, api(res)));
    router.post('/reviews/:ref/:orgId/score-sheet/lock', async (req, res) => {
      const person = api(res);
      const body = bodyOf(req);
      const result = await person.send('proposals', 'POST', `${pathOf(req)}/score-sheet/lock`, {}, text(body, 'submission'));
      if (!result.ok) {
        if (result.problem.status === 403 || result.problem.status === 404 || problemCode(result.problem) === 'proposal.score-sheet-locked') return refused(req, res, result.problem);
        const proposal = await proposalFor(person, req);
        if (!proposal.ok) return refused(req, res, proposal.problem);
        const sheets = await person.read<{ items: ScoreSheet[] }>('proposals', `${pathOf(req)}/score-sheets`);
        const entered = enteredFrom(mySheet(sheets.items, false), proposal.body.criteria);
        const errors = scoreSheetErrors(result.problem, entered, proposal.body.scoreScale);
        return render(req, res, 'review/check-sheet', { proposal: proposal.body, entered, page: pageOf(req), errors, submission: text(body, 'submission') }, result.problem.status);
      }
      return res.redirect(303, `${pageOf(req)}?done=locked`);
    });

    // The legal and ethical check: every item scored 0–4, passed or failed, with a note.
    const checkForm = (req: Request, res: Response, proposal: ProposalForReview, data: Record<string, unknown>, status = 200) =>
      render(req, res, 'review/legal-ethical', { proposal, items: LEGAL_ITEMS, page: pageOf(req), answers: new Map(), errors: [], ...data }, status);
    router.get('/reviews/:ref/:orgId/legal-ethical-check', async (req, res) => {
      const proposal = await proposalFor(api(res), req);
      if (!proposal.ok) return refused(req, res, proposal.problem);
      return checkForm(req, res, proposal.body, {});
    });
    router.post('/reviews/:ref/:orgId/legal-ethical-check', async (req, res) => {
      const person = api(res);
      const proposal = await proposalFor(person, req);
      if (!proposal.ok) return refused(req, res, proposal.problem);
      const body = bodyOf(req);
      const answers = new Map(LEGAL_ITEMS.map(({ id }) => [id, { result: text(body, `result-${id}`), score: text(body, `score-${id}`).trim(), note: text(body, `note-${id}`) }]));
      // Sent as answered; a missing answer is left out, and the service names what is missing.
      const items = LEGAL_ITEMS.map(({ id }) => {
        const a = answers.get(id)!;
        return {
          item: id,
          ...(a.score !== '' ? { score: /^-?\d+$/.test(a.score) ? Number(a.score) : a.score } : {}),
          ...(a.result === 'pass' ? { passed: true } : a.result === 'fail' ? { passed: false } : {}),
          note: a.note,
        };
      });
      const result = await person.send('proposals', 'POST', `${pathOf(req)}/legal-ethical-check`, { items }, text(body, 'submission'));
      if (!result.ok) {
        if (result.problem.status === 403 || result.problem.status === 404) return refused(req, res, result.problem);
        const fields = new Map<string, string>();
        LEGAL_ITEMS.forEach(({ id }, index) => {
          fields.set(`items.${index}`, `result-${id}`);
          fields.set(`items.${index}.passed`, `result-${id}`);
          fields.set(`items.${index}.score`, `score-${id}`);
          fields.set(`items.${index}.note`, `note-${id}`);
        });
        const errors = fieldErrorsOf(result.problem, 'review', fields, `result-${LEGAL_ITEMS[0]!.id}`).map((e) => {
          // Five items share the same three questions: each message names its item.
          const [question, ...item] = e.field.split('-');
          return { ...e, key: `review.errors.${question}Item`, subjectKey: `review.legal.items.${item.join('-')}` };
        });
        return checkForm(req, res, proposal.body, { answers, errors, submission: text(body, 'submission') }, result.problem.status);
      }
      return res.redirect(303, `${pageOf(req)}?done=checked`);
    });

    return router;
  },
};

/**
 * The caller's own sheet among those the service returned. Before locking it returns the
 * caller's own only; once the caller's is locked, every locked sheet — and then the caller's is
 * not told apart by the API, so the page shows the sheet only while it is a draft.
 */
const mySheet = (sheets: readonly ScoreSheet[], locked: boolean): ScoreSheet | undefined => (locked ? undefined : sheets[0]);
