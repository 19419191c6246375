import { compareValues, deepEqual, getPath, isObject, setPath } from './document-paths';
import { matches } from './filter-matcher';
import { project, sortDocuments } from './query-shaping';
import type { Filter, PipelineStage, Projection, Sort } from './read-models.port';

type Row = Record<string, unknown>;

/** `'$field.path'` → the value at that path; anything else is a literal. */
const evaluate = (row: Row, expression: unknown): unknown => {
  if (typeof expression === 'string' && expression.startsWith('$')) return getPath(row, expression.slice(1));
  if (isObject(expression)) return Object.fromEntries(Object.entries(expression).map(([k, v]) => [k, evaluate(row, v)]));
  return expression;
};

const accumulate = (rows: Row[], spec: Record<string, unknown>): unknown => {
  const [operator, expression] = Object.entries(spec)[0]!;
  const values = rows.map((row) => evaluate(row, expression));
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const present = values.filter((v) => v !== undefined && v !== null);
  switch (operator) {
    case '$sum':
      return numbers.reduce((a, b) => a + b, 0);
    case '$avg':
      return numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
    case '$min':
      return present.length ? present.reduce((a, b) => (compareValues(b, a) < 0 ? b : a)) : null;
    case '$max':
      return present.length ? present.reduce((a, b) => (compareValues(b, a) > 0 ? b : a)) : null;
    case '$first':
      return values[0] ?? null;
    case '$last':
      return values.at(-1) ?? null;
    case '$push':
      return values.filter((v) => v !== undefined);
    case '$addToSet':
      return values.filter((v, i) => v !== undefined && values.findIndex((w) => deepEqual(v, w)) === i);
    default:
      throw new Error(`Unsupported accumulator ${operator}`);
  }
};

const group = (rows: Row[], spec: Record<string, unknown>): Row[] => {
  const { _id: key, ...accumulators } = spec;
  const groups: { id: unknown; rows: Row[] }[] = [];
  for (const row of rows) {
    const id = evaluate(row, key) ?? null;
    const existing = groups.find((g) => deepEqual(g.id, id));
    if (existing) existing.rows.push(row);
    else groups.push({ id, rows: [row] });
  }
  return groups.map(({ id, rows: members }) => ({
    _id: id,
    ...Object.fromEntries(Object.entries(accumulators).map(([field, acc]) => [field, accumulate(members, acc as Record<string, unknown>)])),
  }));
};

/** $project with 0/1 flags, or computed fields from `'$path'` expressions. */
const projectStage = (rows: Row[], spec: Record<string, unknown>): Row[] => {
  const computed = Object.entries(spec).filter(([, v]) => v !== 0 && v !== 1 && v !== true && v !== false);
  if (computed.length === 0) return rows.map((row) => project(row, spec as Projection));
  return rows.map((row) => {
    const out: Row = spec._id === 0 ? {} : { _id: row._id };
    for (const [field, value] of Object.entries(spec)) {
      if (field === '_id' && (value === 0 || value === false)) continue;
      setPath(out, field, value === 1 || value === true ? getPath(row, field) : evaluate(row, value));
    }
    return out;
  });
};

const unwind = (rows: Row[], spec: unknown): Row[] => {
  const path = (typeof spec === 'string' ? spec : String((spec as { path: string }).path)).slice(1);
  const keepEmpty = isObject(spec) && spec.preserveNullAndEmptyArrays === true;
  return rows.flatMap((row) => {
    const value = getPath(row, path);
    if (!Array.isArray(value) || value.length === 0) return keepEmpty || (value !== undefined && !Array.isArray(value)) ? [row] : [];
    return value.map((element) => {
      const copy = structuredClone(row);
      setPath(copy, path, element);
      return copy;
    });
  });
};

export const runPipeline = (input: Row[], pipeline: PipelineStage[]): Row[] =>
  pipeline.reduce<Row[]>((rows, stage) => {
    const [name, spec] = Object.entries(stage)[0]!;
    switch (name) {
      case '$match':
        return rows.filter((row) => matches(row, spec as Filter));
      case '$group':
        return group(rows, spec as Record<string, unknown>);
      case '$sort':
        return sortDocuments(rows, spec as Sort);
      case '$skip':
        return rows.slice(spec as number);
      case '$limit':
        return rows.slice(0, spec as number);
      case '$project':
        return projectStage(rows, spec as Record<string, unknown>);
      case '$unwind':
        return unwind(rows, spec);
      case '$count':
        return rows.length === 0 ? [] : [{ [spec as string]: rows.length }];
      default:
        throw new Error(`Unsupported pipeline stage ${name}`);
    }
  }, input);
