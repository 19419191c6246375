import type { ServiceProblem } from '../service-client';

/** One message of an error summary, linked to the field it concerns. */
export interface FieldError {
  /** The form field's name (its input's id is `field-<name>`). */
  field: string;
  /** Our own message key when we have one for this field, in the page's language. */
  key: string;
  /** The service's own words (English), shown when we have no message of our own. */
  detail?: string;
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
  return errors.flatMap(({ path, message }) => {
    const parts = path.split('.');
    let field: string | undefined;
    for (let length = parts.length; length > 0 && field === undefined; length--) field = fields.get(parts.slice(0, length).join('.'));
    const name = field ?? fallbackField;
    if (seen.has(name)) return [];
    seen.add(name);
    return [{ field: name, key: `${namespace}.errors.${name}`, detail: message }];
  });
};
