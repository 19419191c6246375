import { z } from 'zod';
import type { RouteSpec } from './routes';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const problemResponse = { description: 'Problem details', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

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
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(spec.responses ?? { 200: 'OK' })) responses[status] = { description };
    responses['400'] = problemResponse;
    if (spec.access !== 'public') {
      responses['401'] = problemResponse;
      responses['403'] = problemResponse;
    }
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
