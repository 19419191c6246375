import { randomBytes } from 'node:crypto';
import { list, text, wholeNumber, type Answers } from './answers';

/** An unsolicited solution: what it is, where and on which pillars, and roughly what it costs. */
export const SOLUTION_FIELDS = ['solutionId', 'title', 'description', 'counties', 'pillars', 'currency', 'amount'] as const;
export const SOLUTION_REQUIRED = ['title', 'description', 'counties', 'pillars', 'amount'] as const;

/**
 * The API names a solution by an id its presenter chooses; people should not have to invent
 * one, so the form carries a fresh one (and a resubmission of the same form keeps it).
 */
export const newSolutionId = (): string => `solution-${randomBytes(6).toString('hex')}`;

export const solutionBody = (answers: Answers) => ({
  solutionId: text(answers, 'solutionId'),
  solution: {
    title: text(answers, 'title'),
    description: text(answers, 'description'),
    counties: list(answers, 'counties'),
    pillars: list(answers, 'pillars'),
    estimatedBudget: { currency: text(answers, 'currency'), amount: wholeNumber(text(answers, 'amount')) },
  },
});

export const SOLUTION_PATHS: ReadonlyMap<string, string> = new Map([
  ['solution.title', 'title'],
  ['solution.description', 'description'],
  ['solution.counties', 'counties'],
  ['solution.pillars', 'pillars'],
  ['solution.estimatedBudget.currency', 'currency'],
  ['solution.estimatedBudget', 'amount'],
]);
