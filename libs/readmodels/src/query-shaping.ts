import { compareValues, getPath, setPath, unsetPath, valuesAt } from './document-paths';
import type { Projection, Sort } from './read-models.port';

/** The value an array field sorts by: its smallest element ascending, its largest descending. */
const sortKey = (doc: unknown, path: string, direction: 1 | -1): unknown => {
  const values = valuesAt(doc, path).flatMap((v) => (Array.isArray(v) ? v : [v]));
  if (values.length === 0) return undefined;
  return values.reduce((best, v) => (compareValues(v, best) * direction < 0 ? v : best));
};

export const sortDocuments = <T>(docs: T[], sort: Sort): T[] => {
  const keys = Object.entries(sort);
  return [...docs].sort((a, b) => {
    for (const [path, direction] of keys) {
      const order = compareValues(sortKey(a, path, direction), sortKey(b, path, direction)) * direction;
      if (order !== 0) return order;
    }
    return 0;
  });
};

/** MongoDB projection: all inclusions or all exclusions (`_id` may be excluded from an inclusion). */
export const project = <T extends Record<string, unknown>>(doc: T, projection: Projection | undefined): T => {
  if (!projection || Object.keys(projection).length === 0) return doc;
  const entries = Object.entries(projection);
  const inclusions = entries.filter(([path, flag]) => flag === 1 && path !== '_id');
  if (inclusions.length > 0) {
    if (entries.some(([path, flag]) => flag === 0 && path !== '_id')) throw new Error('Cannot mix inclusion and exclusion in a projection');
    const shaped: Record<string, unknown> = {};
    if (projection._id !== 0) shaped._id = doc._id;
    for (const [path] of inclusions) {
      const value = getPath(doc, path);
      if (value !== undefined) setPath(shaped, path, value);
    }
    return shaped as T;
  }
  const shaped = structuredClone(doc) as Record<string, unknown>;
  for (const [path] of entries) unsetPath(shaped, path);
  return shaped as T;
};
