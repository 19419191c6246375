import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { CHART, VALUE_SETS, valueFile } from './chart';

/**
 * The chart's values without helm (cheap, unit ring): values.yaml and every CI value set satisfy
 * values.schema.json, the schema is strict everywhere, and every value is documented where it is
 * declared. helm itself applies the same schema in chart.e2e.spec.ts.
 */
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as Record<string, unknown>;
const valuesText = readFileSync(join(CHART, 'values.yaml'), 'utf8');
const defaults = parse(valuesText) as Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const errorsOf = (values: unknown) => (validate(values) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

/** Helm's merge of a value file over the defaults: maps merge key by key, anything else replaces. */
const merge = (base: unknown, over: unknown): unknown => {
  if (!isMap(base) || !isMap(over)) return over;
  const out = new Map(Object.entries(base));
  for (const [k, v] of Object.entries(over)) out.set(k, merge(out.get(k), v));
  return Object.fromEntries(out);
};
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

describe('values.schema.json', () => {
  it('accepts values.yaml as it is', () => expect(errorsOf(defaults)).toEqual([]));

  it.each(VALUE_SETS)('accepts the %s value set merged over the defaults', (set) => {
    const values = merge(defaults, parse(readFileSync(valueFile(set), 'utf8')) ?? {});
    expect(errorsOf(values)).toEqual([]);
  });

  it('refuses a value of the wrong type', () => {
    const values = clone(defaults) as { kafka: { tls: { enabled: unknown } } };
    values.kafka.tls.enabled = 'yes';
    expect(errorsOf(values)).toEqual(['/kafka/tls/enabled must be boolean']);
  });

  it('refuses an unknown field, however deep', () => {
    const values = clone(defaults) as { registration: { api: Record<string, unknown> } };
    values.registration.api.replicaz = 2;
    expect(errorsOf(values)).toEqual(['/registration/api must NOT have additional properties']);
  });

  it('refuses a value outside its enum or range', () => {
    const values = clone(defaults) as { eventStore: { kind: string }; kafka: { topics: { replicationFactor: number } } };
    values.eventStore.kind = 'postgres';
    values.kafka.topics.replicationFactor = 0;
    expect(errorsOf(values)).toEqual(['/kafka/topics/replicationFactor must be >= 1', '/eventStore/kind must be equal to one of the allowed values']);
  });

  it('refuses the latest tag', () => {
    const values = clone(defaults) as { image: { tag: string } };
    values.image.tag = 'latest';
    expect(errorsOf(values)).toEqual(['/image/tag must NOT be valid']);
  });

  it('closes every object it declares (additionalProperties: false) and still declares global', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!isMap(node)) return;
      if (node.type === 'object' && node.properties !== undefined && node.additionalProperties !== false) open.push(path);
      for (const [k, v] of Object.entries(node)) {
        if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}/${k}/${i}`));
        else walk(v, `${path}/${k}`);
      }
    };
    walk(schema, '');
    expect(open).toEqual([]);
    expect((schema.properties as Record<string, unknown>).global).toEqual({ type: 'object', description: expect.any(String) });
  });
});

describe('values.yaml', () => {
  /**
   * Every key the chart reads has a comment on the line(s) right above it. Keys inside a list
   * (network peers, ports) are Kubernetes objects, documented by the list's own comment.
   */
  it('documents every value where it is declared', () => {
    const undocumented: string[] = [];
    const lines = valuesText.split('\n');
    const path: { indent: number; key: string }[] = [];
    let listIndent = -1;
    lines.forEach((line, i) => {
      const item = /^(\s*)- /.exec(line);
      const key = /^(\s*)([A-Za-z][\w]*):/.exec(line);
      const indent = (item ?? key)?.[1]!.length ?? -1;
      if (indent < 0) return;
      if (listIndent >= 0 && (indent > listIndent || (item && indent === listIndent))) return;
      listIndent = item ? indent : -1;
      if (!key) return;
      while (path.length > 0 && path[path.length - 1]!.indent >= indent) path.pop();
      path.push({ indent, key: key[2]! });
      if (!/^\s*#/.test(lines[i - 1] ?? '')) undocumented.push(path.map((p) => p.key).join('.'));
    });
    expect(undocumented).toEqual([]);
  });
});
