import { deepEqual, getPath, isObject, setPath, unsetPath } from './document-paths';
import { matches } from './filter-matcher';
import type { Filter, Update } from './read-models.port';

const eachOf = (value: unknown): unknown[] => (isObject(value) && Array.isArray(value.$each) ? value.$each : [value]);

const arrayAt = (doc: Record<string, unknown>, path: string): unknown[] => {
  const current = getPath(doc, path);
  if (current === undefined) return [];
  if (!Array.isArray(current)) throw new Error(`Cannot apply an array operator to non-array field ${path}`);
  return current;
};

/** Applies MongoDB update operators to `doc` in place. `inserting` enables $setOnInsert. */
export const applyUpdate = (doc: Record<string, unknown>, update: Update, inserting: boolean): void => {
  // MongoDB refuses an update whose operators touch the same path (or a parent of it) twice.
  const paths = Object.values(update).flatMap((fields) => Object.keys(fields));
  for (const [i, a] of paths.entries()) {
    for (const b of paths.slice(i + 1)) {
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) throw new Error(`Updating the path '${a}' would create a conflict at '${b}'`);
    }
  }
  for (const [operator, fields] of Object.entries(update)) {
    for (const [path, value] of Object.entries(fields)) {
      if (path === '_id' && operator !== '$setOnInsert' && !(operator === '$set' && deepEqual(value, doc._id))) {
        throw new Error('The _id field cannot be changed');
      }
      switch (operator) {
        case '$set':
          setPath(doc, path, structuredClone(value));
          break;
        case '$setOnInsert':
          if (inserting) setPath(doc, path, structuredClone(value));
          break;
        case '$unset':
          unsetPath(doc, path);
          break;
        case '$inc': {
          const current = getPath(doc, path) ?? 0;
          if (typeof current !== 'number' || typeof value !== 'number') throw new Error(`$inc needs numbers at ${path}`);
          setPath(doc, path, current + value);
          break;
        }
        case '$push':
          setPath(doc, path, [...arrayAt(doc, path), ...structuredClone(eachOf(value))]);
          break;
        case '$addToSet': {
          const next = [...arrayAt(doc, path)];
          for (const item of eachOf(value)) if (!next.some((existing) => deepEqual(existing, item))) next.push(structuredClone(item));
          setPath(doc, path, next);
          break;
        }
        case '$pull': {
          const keep = (item: unknown) =>
            isObject(value) && Object.keys(value).length > 0
              ? Object.keys(value).every((k) => k.startsWith('$'))
                ? !matches({ v: item }, { v: value as Filter })
                : !matches(item, value as Filter)
              : !deepEqual(item, value);
          setPath(doc, path, arrayAt(doc, path).filter(keep));
          break;
        }
        default:
          throw new Error(`Unsupported update operator ${operator}`);
      }
    }
  }
};

/** The document an upsert starts from: the filter's plain equality fields. */
export const seedFromFilter = (filter: Filter): Record<string, unknown> => {
  const seed: Record<string, unknown> = {};
  for (const [key, condition] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    if (isObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
      if ('$eq' in condition) setPath(seed, key, structuredClone(condition.$eq));
      continue;
    }
    setPath(seed, key, structuredClone(condition));
  }
  return seed;
};
