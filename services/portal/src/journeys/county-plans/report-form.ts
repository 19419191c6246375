import type { Request } from 'express';
import type { CountyPlanContent } from '@csm/contracts';
import type { FieldError } from '../../forms/problem-fields';
import { fieldErrorsOf } from '../../forms/problem-fields';
import type { ServiceProblem } from '../../service-client';
import { formList, formText } from '../../forms/form-values';
import { actionsOf, dueIndicators, type ReportContent } from './county-views';

/** Rows offered for evidence links: enough for a quarter's minutes and photos; more are rare. */
export const EVIDENCE_ROWS = 3;

/**
 * The report form's answers as the person typed them (strings), keyed by field name: `status-<action>`,
 * `reason-<action>`, `value-<indicator>`, `narrative-<indicator>`, `summary`, and the evidence rows.
 * A Map: the keys come from the plan (ids the county chose).
 */
export interface ReportAnswers {
  fields: Map<string, string>;
  evidence: { title: string; url: string }[];
  /** Evidence given as document references (through the API): kept as they are, so a correction loses none. */
  documents: { title: string; documentRef: string }[];
}

export const answersFromReport = (report: ReportContent | undefined): ReportAnswers => {
  const fields = new Map<string, string>();
  if (report) {
    if (report.summary) fields.set('summary', report.summary);
    for (const a of report.actions) {
      fields.set(`status-${a.actionId}`, a.status);
      if (a.reason) fields.set(`reason-${a.actionId}`, a.reason);
    }
    for (const i of report.indicators) {
      fields.set(`value-${i.indicatorId}`, String(i.value));
      if (i.narrative) fields.set(`narrative-${i.indicatorId}`, i.narrative);
    }
  }
  const evidence = (report?.evidence ?? []).filter((e) => e.url).map((e) => ({ title: e.title, url: e.url! }));
  while (evidence.length < EVIDENCE_ROWS) evidence.push({ title: '', url: '' });
  const documents = (report?.evidence ?? []).flatMap((e) => (e.documentRef ? [{ title: e.title, documentRef: e.documentRef }] : []));
  return { fields, evidence, documents };
};

export const answersFromForm = (req: Request, plan: CountyPlanContent, period: string): ReportAnswers => {
  const fields = new Map<string, string>();
  const keep = (name: string) => fields.set(name, formText(req, name));
  keep('summary');
  for (const { action } of actionsOf(plan)) ['status', 'reason'].forEach((f) => keep(`${f}-${action.id}`));
  for (const { indicator } of dueIndicators(plan, period)) ['value', 'narrative'].forEach((f) => keep(`${f}-${indicator.id}`));
  const titles = formList(req, 'evidenceTitle');
  const urls = formList(req, 'evidenceUrl');
  const evidence = Array.from({ length: Math.max(EVIDENCE_ROWS, titles.length) }, (_, i) => ({ title: titles[i] ?? '', url: urls[i] ?? '' }));
  const documentTitles = formList(req, 'documentTitle');
  const documents = formList(req, 'documentRef').map((documentRef, i) => ({ title: documentTitles[i] ?? '', documentRef }));
  return { fields, evidence, documents };
};

/** The evidence rows sent (those with a title or a link), by their position in the form. */
const sentEvidenceRows = (answers: ReportAnswers): number[] => answers.evidence.flatMap((e, i) => (e.title.trim() !== '' || e.url.trim() !== '' ? [i] : []));

/** A number as typed: empty stays missing (null, so the service names the field), anything else as JS reads it. */
const numberOf = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim().replace(/,/g, '')));
const optional = (name: string, text: string | undefined) => (text && text.trim() !== '' ? { [name]: text } : {});

/** The body the service takes. Nothing is checked here: the service says what is wrong, field by field. */
export const reportBody = (answers: ReportAnswers, plan: CountyPlanContent, period: string) => {
  const f = answers.fields;
  return {
    ...optional('summary', f.get('summary')),
    actions: actionsOf(plan).map(({ action }) => ({ actionId: action.id, status: f.get(`status-${action.id}`) ?? '', ...optional('reason', f.get(`reason-${action.id}`)) })),
    indicators: dueIndicators(plan, period).map(({ indicator }) => ({
      indicatorId: indicator.id,
      value: numberOf(f.get(`value-${indicator.id}`) ?? ''),
      ...optional('narrative', f.get(`narrative-${indicator.id}`)),
    })),
    evidence: [...sentEvidenceRows(answers).map((i) => ({ title: answers.evidence[i]!.title, url: answers.evidence[i]!.url })), ...answers.documents],
  };
};

/** Our own message for each kind of field (the field names carry the plan's ids). */
const messageKey = (field: string): string => `countyPlans.errors.${field.replace(/-.*$/, '')}`;

/**
 * A refusal of the report as messages at its fields: zod's paths (`actions.0.reason`) through
 * the positions of the body sent; the decider's checks (422), which name an indicator in their
 * words, at that indicator's value or narrative; anything else at the summary.
 */
export const reportErrors = (problem: ServiceProblem, plan: CountyPlanContent, period: string, answers: ReportAnswers): FieldError[] => {
  const paths = new Map<string, string>();
  actionsOf(plan).forEach(({ action }, i) => {
    paths.set(`actions.${i}`, `status-${action.id}`);
    paths.set(`actions.${i}.reason`, `reason-${action.id}`);
  });
  dueIndicators(plan, period).forEach(({ indicator }, i) => {
    paths.set(`indicators.${i}`, `value-${indicator.id}`);
    paths.set(`indicators.${i}.narrative`, `narrative-${indicator.id}`);
  });
  sentEvidenceRows(answers).forEach((row, i) => paths.set(`evidence.${i}`, `evidenceUrl-${row}`));
  paths.set('summary', 'summary');
  if (problem.status === 422) {
    const named = /Indicator (\S+?):? /.exec(problem.detail ?? '');
    const kind = problem.type.endsWith('narrative-required') ? 'narrative' : 'value';
    const field = named && dueIndicators(plan, period).some(({ indicator }) => indicator.id === named[1]) ? `${kind}-${named[1]}` : 'summary';
    // `fromService` has no message of ours on purpose: the page shows the service's words, which name the rule broken.
    return [{ field, key: kind === 'narrative' && field !== 'summary' ? 'countyPlans.errors.narrativeRequired' : 'countyPlans.errors.fromService', detail: problem.detail ?? problem.title }];
  }
  return fieldErrorsOf(problem, 'countyPlans', paths, 'summary').map((e) => ({ ...e, key: messageKey(e.field) }));
};
