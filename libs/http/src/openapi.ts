import { z } from 'zod';
import type { RouteSpec } from './routes';

/** A zod schema as the JSON Schema of what a client sends (`input`) or receives (`output`). */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest; // OpenAPI 3.1 already speaks JSON Schema 2020-12
};

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/**
 * The refusals a route can answer with, from what the framework knows of it, then the route's
 * own descriptions on top. Anything a route may answer is declared, so a client generator or a
 * fuzzer can check every answer, not only the successes.
 */
const problemResponses = (spec: RouteSpec<any, any>): Record<string, unknown> => {
  const problems: Record<string, string> = {
    400: 'The request is not valid (body, query, JSON or its Content-Encoding): field errors say where',
    401: 'No valid access token: sign in (a token that does not verify is refused even on public routes)',
    503: 'A database the service needs is unreachable: nothing was changed; retry (Retry-After)',
  };
  if (spec.access !== 'public') problems[403] = 'The caller’s role or organisation does not allow this';
  if (spec.path.includes(':')) problems[404] = 'No such resource';
  if (spec.method !== 'get') {
    problems[413] = 'The request body is too large';
    problems[415] = 'The body is not application/json, or its charset or Content-Encoding is not supported';
  }
  if (spec.success.command) {
    problems[409] = 'The decision does not hold in the current state, or changes kept conflicting';
    problems[412] = 'If-Match names a revision that is no longer current';
    problems[422] = 'The request breaks a rule, or its Idempotency-Key was used for another request';
  }
  if (spec.query && 'minPosition' in ((jsonSchema(spec.query) as { properties?: object }).properties ?? {})) {
    problems[503] = 'The read models did not reach minPosition in time, or a database is unreachable; retry (Retry-After)';
  }
  for (const [status, description] of Object.entries(spec.responses ?? {})) {
    if (Number(status) >= 400) problems[status] = description;
  }
  return Object.fromEntries(Object.entries(problems).map(([status, description]) => [status, problem(description)]));
};

const successResponses = (success: RouteSpec<any, any>['success']): Record<string, unknown> => {
  const content = { [success.mediaType ?? 'application/json']: { schema: jsonSchema(success.body, 'output') } };
  return {
    [success.status]: { description: success.description, content },
    ...(success.command ? { 200: { description: 'A replay: this Idempotency-Key already carried this very request; the original result', content } } : {}),
  };
};

/** An OpenAPI 3.1 document built from the same route specs that serve the requests. */
export const buildOpenApi = (title: string, version: string, specs: readonly RouteSpec<any, any>[]) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const pathParams = [...spec.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = spec.query
      ? Object.entries((jsonSchema(spec.query) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema,
        }))
      : [];
    const responses = { ...successResponses(spec.success), ...problemResponses(spec) };
    paths[path] ??= {};
    paths[path]![spec.method] = {
      summary: spec.summary,
      'x-csm-access': spec.access === 'public' ? 'public' : spec.access,
      ...(spec.access === 'public' ? { security: [] } : { security: [{ bearer: [] }] }),
      parameters: [
        ...pathParams,
        ...queryParams,
        ...(spec.method !== 'get'
          ? [
              { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
              { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } },
            ]
          : []),
      ],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title, version },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
};
