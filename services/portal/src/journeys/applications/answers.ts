import type { Request } from 'express';
import type { FieldError } from '../../forms/problem-fields';
import type { ServiceProblem } from '../../service-client';

/**
 * A form's answers as the person typed them, by field name: kept whole so a refused form comes
 * back exactly as it was sent, and carried in hidden fields from "check your answers" to the
 * submission (the portal keeps no draft of its own). Repeated fields (checkboxes) are lists.
 */
export type Answers = Map<string, string | string[]>;

export const NAMESPACE = 'applications';

/** The named fields of a posted form; anything else (csrf, submission, a stray field) is left out. */
export const answersOf = (req: Request, fields: readonly string[]): Answers => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const answers: Answers = new Map();
  for (const name of fields) {
    if (!Object.hasOwn(body, name)) continue;
    const value = body[name];
    if (typeof value === 'string') answers.set(name, value);
    else if (Array.isArray(value)) answers.set(name, value.filter((v): v is string => typeof v === 'string'));
  }
  return answers;
};

export const text = (answers: Answers, name: string): string => {
  const value = answers.get(name);
  return typeof value === 'string' ? value : (value?.[0] ?? '');
};

export const list = (answers: Answers, name: string): string[] => {
  const value = answers.get(name);
  return value === undefined ? [] : typeof value === 'string' ? (value === '' ? [] : [value]) : value.filter((v) => v !== '');
};

/**
 * A whole number as typed ("4,000,000", "4 000 000") becomes a number; anything else is sent as
 * the person wrote it, so the service's refusal names the field rather than the portal guessing.
 */
export const wholeNumber = (value: string): number | string => {
  const plain = value.replace(/[\s,]/g, '');
  return /^\d{1,15}$/.test(plain) ? Number(plain) : value;
};

/** "Required" only, on the check-your-answers step: everything else is the service's to say. */
export const missingAnswers = (answers: Answers, required: readonly string[]): FieldError[] =>
  required.filter((name) => list(answers, name).every((v) => v.trim() === '')).map((field) => ({ field, key: `${NAMESPACE}.errors.${field}` }));

/** A rule of the service broken (not a field's shape): our message for its code, next to the field it concerns. */
export const refusalOf = (problem: ServiceProblem, fieldOfCode: ReadonlyMap<string, string>, fallbackField: string): FieldError | undefined => {
  const code = problem.type.split('/').pop() ?? '';
  if (problem.errors?.length) return undefined;
  return { field: fieldOfCode.get(code) ?? fallbackField, key: `${NAMESPACE}.refusals.${code}`, detail: problem.detail ?? problem.title };
};

/** For templates: the answers as [name, values] pairs, to carry as hidden fields. */
export const hiddenPairs = (answers: Answers): [string, string][] =>
  [...answers.entries()].flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : value.map((v) => [name, v] as [string, string])));
