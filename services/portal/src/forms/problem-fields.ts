import type { ServiceProblem } from '../service-client';

/** One message of an error summary, linked to the field it concerns. */
export interface FieldError {
  /** The form field's name (its input's id is `field-<name>`). */
  field: string;
  /** Our own message key when we have one for this field, in the page's language. */
  key: string;
  /** The service's own words (English), shown when we have no message of our own. */
  detail?: string;
  /** Message key of what the field belongs to, when several fields share one message (one item of many): the message names it. */
  subjectKey?: string;
}

/**
 * A service's refusal as messages next to the fields of a form: `fields` maps the API's error
 * paths (`details.name`, `budget.lines.0.amount`) to form field names, by longest matching
 * prefix. Unknown paths go to `fallbackField`, so nothing the service said is dropped.
 */
export const fieldErrorsOf = (
  problem: ServiceProblem,
  namespace: string,
  fields: ReadonlyMap<string, string>,
  fallbackField: string,
): FieldError[] => {
  const errors = problem.errors?.length ? problem.errors : [{ path: '', message: problem.title }];
  const seen = new Set<string>();
  // The summary lists problems in the order the form asks its questions (the map's order), not the service's.
  const formOrder = [...new Set(fields.values())];
  const rank = (field: string) => (formOrder.includes(field) ? formOrder.indexOf(field) : formOrder.length);
  const found = errors.flatMap(({ path, message }) => {
    const parts = path.split('.');
    let field: string | undefined;
    for (let length = parts.length; length > 0 && field === undefined; length--) field = fields.get(parts.slice(0, length).join('.'));
    const name = field ?? fallbackField;
    if (seen.has(name)) return [];
    seen.add(name);
    return [{ field: name, key: `${namespace}.errors.${name}`, detail: message }];
  });
  return found.map((error, index) => ({ error, index })).sort((a, b) => rank(a.error.field) - rank(b.error.field) || a.index - b.index).map(({ error }) => error);
};
