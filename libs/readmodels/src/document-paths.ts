/** Dotted-path access with MongoDB's rules: a path through an array reaches into its elements. */

export type Value = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);

/**
 * Every value a dotted path reaches. `{ a: [{ b: 1 }, { b: 2 }] }` at `a.b` → [1, 2];
 * a numeric segment indexes an array. Missing paths reach nothing.
 */
export const valuesAt = (doc: unknown, path: string): Value[] => {
  const walk = (value: unknown, segments: string[]): Value[] => {
    if (segments.length === 0) return [value];
    const [head, ...rest] = segments as [string, ...string[]];
    if (Array.isArray(value)) {
      if (/^\d+$/.test(head)) return value.length > Number(head) ? walk(value[Number(head)], rest) : [];
      return value.flatMap((element) => (isObject(element) ? walk(element, segments) : []));
    }
    if (isObject(value) && head in value) return walk(value[head], rest);
    return [];
  };
  return walk(doc, path.split('.'));
};

/** The single value at a path (no array fan-out), or undefined. */
export const getPath = (doc: unknown, path: string): Value => {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
};

export const setPath = (doc: Record<string, unknown>, path: string, value: unknown): void => {
  const segments = path.split('.');
  let current: Record<string, unknown> | unknown[] = doc;
  segments.slice(0, -1).forEach((segment) => {
    const container = current as Record<string, unknown>;
    if (!isObject(container[segment]) && !Array.isArray(container[segment])) container[segment] = {};
    current = container[segment] as Record<string, unknown>;
  });
  (current as Record<string, unknown>)[segments.at(-1)!] = value;
};

export const unsetPath = (doc: Record<string, unknown>, path: string): void => {
  const segments = path.split('.');
  const parent = segments.length === 1 ? doc : getPath(doc, segments.slice(0, -1).join('.'));
  if (isObject(parent)) delete parent[segments.at(-1)!];
};

/** MongoDB's cross-type order, simplified: null/missing < numbers < strings < objects < arrays < booleans < dates. */
const typeRank = (v: unknown): number => {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' || typeof v === 'bigint') return 1;
  if (typeof v === 'string') return 2;
  if (Array.isArray(v)) return 4;
  if (typeof v === 'boolean') return 5;
  if (v instanceof Date) return 6;
  return 3;
};

export const compareValues = (a: unknown, b: unknown): number => {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
};

export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(a[k], b[k]));
  }
  return false;
};

export const deepCopy = <T>(value: T): T => structuredClone(value);

export { isObject };
