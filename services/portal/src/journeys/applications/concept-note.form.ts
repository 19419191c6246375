import { list, text, wholeNumber, type Answers } from './answers';
import type { ConceptNote } from './applications-api';

/** The concept note form: one page in three groups (the project, where and what, money and time). */
export const CONCEPT_NOTE_FIELDS = ['title', 'summary', 'counties', 'pillars', 'currency', 'amount', 'durationMonths'] as const;
export const CONCEPT_NOTE_REQUIRED = ['title', 'summary', 'counties', 'pillars', 'amount', 'durationMonths'] as const;

export const conceptNoteBody = (answers: Answers) => ({
  title: text(answers, 'title'),
  summary: text(answers, 'summary'),
  counties: list(answers, 'counties'),
  pillars: list(answers, 'pillars'),
  requestedBudget: { currency: text(answers, 'currency'), amount: wholeNumber(text(answers, 'amount')) },
  durationMonths: wholeNumber(text(answers, 'durationMonths')),
});

export const conceptNoteAnswers = (note: ConceptNote): Answers =>
  new Map<string, string | string[]>([
    ['title', note.title],
    ['summary', note.summary],
    ['counties', note.counties],
    ['pillars', note.pillars],
    ['currency', note.requestedBudget.currency],
    ['amount', String(note.requestedBudget.amount)],
    ['durationMonths', String(note.durationMonths)],
  ]);

/** The API's error paths to this form's fields. */
export const CONCEPT_NOTE_PATHS: ReadonlyMap<string, string> = new Map([
  ['title', 'title'],
  ['summary', 'summary'],
  ['counties', 'counties'],
  ['pillars', 'pillars'],
  ['requestedBudget.currency', 'amount'],
  ['requestedBudget', 'amount'],
  ['durationMonths', 'durationMonths'],
]);

/** The call's rules, by the service's code, to the field the person should change. */
export const CONCEPT_NOTE_CODES: ReadonlyMap<string, string> = new Map([
  ['proposal.county-not-targeted', 'counties'],
  ['proposal.budget-out-of-range', 'amount'],
]);
