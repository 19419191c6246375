import type { Request } from 'express';
import type { z } from 'zod';
import type { CallRead } from '@csm/contracts';
import { formList, formText } from '../../forms/form-values';

/** How many criterion rows the form offers; empty rows are left out of the call. */
export const CRITERION_ROWS = 5;

/** The call form's answers as typed, kept as strings so a refused form shows exactly what was sent. */
export interface CallAnswers {
  callId: string;
  title: string;
  background: string;
  expectedResults: string;
  targetCounties: string[];
  pillars: string[];
  eligibleTypes: string[];
  currency: string;
  budgetMin: string;
  budgetMax: string;
  clarificationDeadline: string;
  submissionDeadline: string;
  resultsDate: string;
  criterionName: string[];
  criterionWeight: string[];
  scoreScale: string;
  reviewers: string;
  appealWindowDays: string;
  /** The county-plan actions the call funds, one `001/action-id` per line (optional). */
  planActions: string;
}

const padded = (values: string[]): string[] => Array.from({ length: CRITERION_ROWS }, (_, i) => values[i] ?? '');

export const emptyAnswers = (): CallAnswers => ({
  callId: '',
  title: '',
  background: '',
  expectedResults: '',
  targetCounties: [],
  pillars: [],
  eligibleTypes: [],
  currency: 'KES',
  budgetMin: '',
  budgetMax: '',
  clarificationDeadline: '',
  submissionDeadline: '',
  resultsDate: '',
  criterionName: padded([]),
  criterionWeight: padded([]),
  scoreScale: '10',
  reviewers: '',
  appealWindowDays: '7',
  planActions: '',
});

export const answersOf = (req: Request): CallAnswers => ({
  callId: formText(req, 'callId').trim(),
  title: formText(req, 'title'),
  background: formText(req, 'background'),
  expectedResults: formText(req, 'expectedResults'),
  targetCounties: formList(req, 'targetCounties'),
  pillars: formList(req, 'pillars'),
  eligibleTypes: formList(req, 'eligibleTypes'),
  currency: formText(req, 'currency'),
  budgetMin: formText(req, 'budgetMin'),
  budgetMax: formText(req, 'budgetMax'),
  clarificationDeadline: formText(req, 'clarificationDeadline'),
  submissionDeadline: formText(req, 'submissionDeadline'),
  resultsDate: formText(req, 'resultsDate'),
  criterionName: padded(formList(req, 'criterionName')),
  criterionWeight: padded(formList(req, 'criterionWeight')),
  scoreScale: formText(req, 'scoreScale'),
  reviewers: formText(req, 'reviewers'),
  appealWindowDays: formText(req, 'appealWindowDays'),
  planActions: formText(req, 'planActions'),
});

/** A number field: the number when it is one, else the text as typed so the service names the mistake. */
const numberOf = (text: string): number | string | undefined => {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
};

/** Deadlines are typed in Kenya's time (a `datetime-local` input) and sent as instants. */
export const NAIROBI_OFFSET = '+03:00';
export const instantOf = (local: string): string => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? new Date(`${local}:00${NAIROBI_OFFSET}`).toISOString() : local);
/** The other way, for a form shown again: an instant as Kenya's local date and time. */
export const localOf = (iso: string): string => (Number.isNaN(Date.parse(iso)) ? iso : new Date(Date.parse(iso) + 3 * 3_600_000).toISOString().slice(0, 16));

/** A criterion's id, from its name: the API keys scores by it. */
const criterionId = (name: string, index: number): string => {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug.length >= 2 ? slug : `criterion-${index + 1}`;
};

/** Usernames separated by commas, spaces or lines. */
export const reviewersOf = (text: string): string[] => text.split(/[\s,;]+/).filter((name) => name !== '');

/**
 * Plan actions, one `001/action-id` per line (blank lines ignored). A line that is not a county
 * code, a slash and an id is sent as it is split, so the service names the line it refuses
 * (`details.planActions.<n>`), shown at the field.
 */
export const planActionsOf = (text: string): { countyCode: string; actionId: string }[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const slash = line.indexOf('/');
      return slash < 0 ? { countyCode: line, actionId: '' } : { countyCode: line.slice(0, slash).trim(), actionId: line.slice(slash + 1).trim() };
    });

/** The details as `POST /calls` takes them. Nothing is judged here: the service does. */
export const callDetailsOf = (a: CallAnswers) => {
  const criteria = a.criterionName
    .map((name, i) => ({ name: name.trim(), weight: a.criterionWeight[i] ?? '', index: i }))
    .filter((c) => c.name !== '' || c.weight.trim() !== '')
    .map((c) => ({ id: criterionId(c.name, c.index), name: c.name, weight: numberOf(c.weight) }));
  const optional = (name: string, value: number | string | undefined) => (value === undefined ? {} : { [name]: value });
  return {
    title: a.title,
    background: a.background,
    expectedResults: a.expectedResults,
    targetCounties: a.targetCounties,
    pillars: a.pillars,
    eligibleTypes: a.eligibleTypes,
    budget: { currency: a.currency, ...optional('min', numberOf(a.budgetMin)), ...optional('max', numberOf(a.budgetMax)) },
    timeline: { clarificationDeadline: instantOf(a.clarificationDeadline), submissionDeadline: instantOf(a.submissionDeadline), resultsDate: a.resultsDate },
    criteria,
    ...optional('scoreScale', numberOf(a.scoreScale)),
    reviewers: reviewersOf(a.reviewers),
    ...optional('appealWindowDays', numberOf(a.appealWindowDays)),
    ...(planActionsOf(a.planActions).length > 0 ? { planActions: planActionsOf(a.planActions) } : {}),
  };
};

/** The API's error paths (`details.budget.min`) to the form's fields, longest prefix first. */
export const CALL_FIELDS: ReadonlyMap<string, string> = new Map([
  ['callId', 'callId'],
  ['details.title', 'title'],
  ['details.background', 'background'],
  ['details.expectedResults', 'expectedResults'],
  ['details.targetCounties', 'targetCounties'],
  ['details.pillars', 'pillars'],
  ['details.planActions', 'planActions'],
  ['details.eligibleTypes', 'eligibleTypes'],
  ['details.budget', 'budgetMin'],
  ['details.budget.currency', 'currency'],
  ['details.budget.min', 'budgetMin'],
  ['details.budget.max', 'budgetMax'],
  ['details.timeline', 'clarificationDeadline'],
  ['details.timeline.clarificationDeadline', 'clarificationDeadline'],
  ['details.timeline.submissionDeadline', 'submissionDeadline'],
  ['details.timeline.resultsDate', 'resultsDate'],
  ['details.criteria', 'criteria'],
  ['details.scoreScale', 'scoreScale'],
  ['details.reviewers', 'reviewers'],
  ['details.appealWindowDays', 'appealWindowDays'],
  ['details', 'title'],
]);

/** `PUT /calls/:id` takes the details alone: the same fields without the `details.` prefix. */
export const AMEND_FIELDS: ReadonlyMap<string, string> = new Map(
  [...CALL_FIELDS].filter(([path]) => path.startsWith('details.')).map(([path, field]) => [path.slice('details.'.length), field] as const),
);

/** A draft's details as the form's answers, to amend it. */
export const answersFromCall = (call: Pick<z.infer<typeof CallRead>, '_id' | 'details'>): CallAnswers => {
  const d = call.details;
  return {
    callId: call._id,
    title: d.title,
    background: d.background,
    expectedResults: d.expectedResults,
    targetCounties: d.targetCounties,
    pillars: d.pillars,
    eligibleTypes: d.eligibleTypes,
    currency: d.budget.currency,
    budgetMin: String(d.budget.min),
    budgetMax: String(d.budget.max),
    clarificationDeadline: localOf(d.timeline.clarificationDeadline),
    submissionDeadline: localOf(d.timeline.submissionDeadline),
    resultsDate: d.timeline.resultsDate,
    criterionName: padded(d.criteria.map((c) => c.name)),
    criterionWeight: padded(d.criteria.map((c) => String(c.weight))),
    scoreScale: String(d.scoreScale),
    // The service keeps the panel by member id, never by username: the panel is named again.
    reviewers: '',
    appealWindowDays: String(d.appealWindowDays ?? 7),
    planActions: (d.planActions ?? []).map((x) => `${x.countyCode}/${x.actionId}`).join('\n'),
  };
};
