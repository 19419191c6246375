import { compareValues, deepEqual, isObject, valuesAt } from './document-paths';
import type { Filter } from './read-models.port';

/** MongoDB query semantics for the operators the port lists (README). */
export const matches = (doc: unknown, filter: Filter): boolean =>
  Object.entries(filter).every(([key, condition]) => {
    switch (key) {
      case '$and':
        return (condition as Filter[]).every((f) => matches(doc, f));
      case '$or':
        return (condition as Filter[]).some((f) => matches(doc, f));
      case '$nor':
        return !(condition as Filter[]).some((f) => matches(doc, f));
      default:
        return matchesField(valuesAt(doc, key), condition);
    }
  });

const isOperatorObject = (condition: unknown): condition is Record<string, unknown> =>
  isObject(condition) && Object.keys(condition).length > 0 && Object.keys(condition).every((k) => k.startsWith('$'));

/** Candidates: the value(s) at the path, plus the elements of any array among them. */
const expand = (values: unknown[]): unknown[] => values.flatMap((v) => (Array.isArray(v) ? [v, ...v] : [v]));

const equalsAny = (values: unknown[], expected: unknown): boolean => {
  if (expected === null) return values.length === 0 || expand(values).some((v) => v === null || v === undefined);
  return expand(values).some((v) => deepEqual(v, expected));
};

const toRegExp = (pattern: unknown, options?: unknown): RegExp =>
  pattern instanceof RegExp ? pattern : new RegExp(String(pattern), typeof options === 'string' ? options.replace(/[^imsx]/g, '').replace('x', '') : '');

const matchesField = (values: unknown[], condition: unknown): boolean => {
  if (condition instanceof RegExp) return expand(values).some((v) => typeof v === 'string' && condition.test(v));
  if (!isOperatorObject(condition)) return equalsAny(values, condition);
  return Object.entries(condition).every(([operator, operand]) => {
    const candidates = expand(values);
    const comparable = (v: unknown) => v !== undefined && (typeof v === typeof operand || (v instanceof Date && operand instanceof Date));
    switch (operator) {
      case '$eq':
        return equalsAny(values, operand);
      case '$ne':
        return !equalsAny(values, operand);
      case '$gt':
        return candidates.some((v) => comparable(v) && compareValues(v, operand) > 0);
      case '$gte':
        return candidates.some((v) => comparable(v) && compareValues(v, operand) >= 0);
      case '$lt':
        return candidates.some((v) => comparable(v) && compareValues(v, operand) < 0);
      case '$lte':
        return candidates.some((v) => comparable(v) && compareValues(v, operand) <= 0);
      case '$in':
        return (operand as unknown[]).some((option) => (option instanceof RegExp ? matchesField(values, option) : equalsAny(values, option)));
      case '$nin':
        return !(operand as unknown[]).some((option) => equalsAny(values, option));
      case '$exists':
        return operand ? values.length > 0 : values.length === 0;
      case '$regex':
        return candidates.some((v) => typeof v === 'string' && toRegExp(operand, condition.$options).test(v));
      case '$options':
        return true;
      case '$not':
        return !matchesField(values, operand);
      case '$elemMatch':
        return values.some(
          (v) => Array.isArray(v) && v.some((element) => (isOperatorObject(operand) ? matchesField([element], operand) : matches(element, operand as Filter))),
        );
      case '$all':
        return (operand as unknown[]).every((required) => equalsAny(values, required));
      case '$size':
        return values.some((v) => Array.isArray(v) && v.length === operand);
      default:
        throw new Error(`Unsupported query operator ${operator}`);
    }
  });
};
