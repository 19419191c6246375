import type { FieldError } from '../../forms/problem-fields';
import type { ServiceProblem } from '../../service-client';
import { problemCode } from './refusals';

/** A criterion as the call defines it (`GET …/review`). */
export interface Criterion {
  id: string;
  name: string;
  weight: number;
}

/** One criterion as the reviewer typed it: strings, exactly as the form sent them. */
export interface EnteredScore {
  criterionId: string;
  score: string;
  comment: string;
}

const field = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');

/** The form's fields are `score-<criterionId>` and `comment-<criterionId>`, one pair per criterion of the call. */
export const enteredScores = (criteria: readonly Criterion[], body: Record<string, unknown>): EnteredScore[] =>
  criteria.map((c) => ({ criterionId: c.id, score: field(body, `score-${c.id}`).trim(), comment: field(body, `comment-${c.id}`) }));

/**
 * The scores as the API takes them. A criterion left wholly blank is not sent (a draft may be
 * partial; locking refuses it). Anything typed is sent as typed — a score that is no number goes
 * as the text it is — so the service, not the portal, says what is wrong with it.
 */
export const scoresToSend = (entered: readonly EnteredScore[]) =>
  entered
    .filter((e) => e.score !== '' || e.comment.trim() !== '')
    .map((e) => ({ criterionId: e.criterionId, score: /^-?\d+$/.test(e.score) ? Number(e.score) : e.score, comment: e.comment }));

/**
 * The service's refusal placed on the fields it concerns. Validation errors name a path
 * (`scores.1.comment`), whose index is the position in what was sent; the decider's refusals
 * name none, so a score out of the scale goes on each score the scale does not hold (the scale is
 * the service's, read from `GET …/review`) and an incomplete sheet on each criterion not sent.
 */
export const scoreSheetErrors = (problem: ServiceProblem, entered: readonly EnteredScore[], scoreScale: number): FieldError[] => {
  const sent = scoresToSend(entered);
  const code = problemCode(problem);
  const errors: FieldError[] = [];
  const add = (name: string, key: string, detail?: string) => {
    if (!errors.some((e) => e.field === name)) errors.push({ field: name, key, ...(detail ? { detail } : {}) });
  };
  if (sent.length === 0) {
    add('sheet', 'review.errors.emptySheet', problem.title);
  } else if (problem.errors?.length) {
    for (const { path, message } of problem.errors) {
      const [, index, part] = /^scores\.(\d+)(?:\.(\w+))?/.exec(path) ?? [];
      const criterion = index === undefined ? undefined : sent[Number(index)]?.criterionId;
      if (criterion === undefined) add('sheet', 'review.errors.sheet', message);
      else if (part === 'comment') add(`comment-${criterion}`, 'review.errors.comment', message);
      else add(`score-${criterion}`, 'review.errors.score', message);
    }
  } else if (code === 'proposal.score-out-of-scale') {
    for (const s of sent) if (typeof s.score === 'number' && s.score > scoreScale) add(`score-${s.criterionId}`, 'review.errors.score', problem.title);
  } else if (code === 'proposal.score-sheet-incomplete') {
    for (const e of entered) if (!sent.some((s) => s.criterionId === e.criterionId)) add(`score-${e.criterionId}`, 'review.errors.missingScore', problem.title);
  }
  if (errors.length === 0) add('sheet', 'review.errors.sheet', problem.title);
  return errors;
};
