import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Principal } from '@csm/identity';
import { problemType, sendProblem, ValidationError } from './problem';

/**
 * Who may call a route. Any one rule that matches grants access:
 * `{ role: 'nctc-admin' }` — anyone with the role;
 * `{ role: 'partner', ownOrganization: 'id' }` — the role AND the token's org_id equals the
 * `:id` path parameter. `'public'` marks a deliberately anonymous endpoint.
 */
export type AccessRule = { role: string; ownOrganization?: string };
export type Access = 'public' | readonly AccessRule[];

export interface RouteInput<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  principal?: Principal;
  req: Request;
  res: Response;
}

/** What a route answers when it succeeds, as its OpenAPI document declares it. */
export interface RouteSuccess {
  status: 200 | 201 | 202;
  description: string;
  /** The body's schema (zod, published as JSON Schema); tests check real answers against it. */
  body: z.ZodType;
  /** Media type of the body; `application/json` unless said otherwise. */
  mediaType?: string;
  /**
   * A command: the same request replayed with its Idempotency-Key answers 200 with the original
   * result, a stale If-Match 412, a key reused for another request 422, lasting contention 409.
   */
  command?: boolean;
}

export interface RouteSpec<B = unknown, Q = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  success: RouteSuccess;
  /**
   * Refusals particular to this route, described for the OpenAPI document (`{ 409: 'Already
   * registered' }`). Those every route, every command or every read can answer are added to it.
   */
  responses?: Record<number, string>;
  handler: (input: RouteInput<B, Q>) => Promise<void>;
}

/** Keeps the body/query types of a route inferred from its schemas. */
export const route = <B = undefined, Q = undefined>(spec: RouteSpec<B, Q>): RouteSpec<B, Q> => spec;

const fieldErrors = (error: z.ZodError): { path: string; message: string }[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));

export const isAllowed = (access: Access, principal: Principal | undefined, params: Record<string, string>): 'ok' | 401 | 403 => {
  if (access === 'public') return 'ok';
  if (!principal) return 401;
  const granted = access.some(
    (rule) =>
      principal.roles.includes(rule.role) &&
      (rule.ownOrganization === undefined || (principal.organizationId !== undefined && principal.organizationId === params[rule.ownOrganization])),
  );
  return granted ? 'ok' : 403;
};

const authorise =
  (spec: RouteSpec<unknown, unknown>): RequestHandler =>
  (req, res, next) => {
    const verdict = isAllowed(spec.access, req.principal, req.params as Record<string, string>);
    if (verdict === 'ok') return next();
    if (verdict === 401) {
      res.set('WWW-Authenticate', 'Bearer realm="csm"');
      return sendProblem(res, { type: problemType('unauthorized'), title: 'Sign in to do this', status: 401, instance: req.originalUrl });
    }
    sendProblem(res, {
      type: problemType('forbidden'),
      title: 'Your role or organisation does not allow this',
      status: 403,
      instance: req.originalUrl,
    });
  };

/** Registers routes: authorise → validate → handler. Errors flow to the error middleware. */
export const mountRoutes = (router: Router, specs: readonly RouteSpec<any, any>[]): void => {
  for (const spec of specs) {
    router[spec.method](spec.path, authorise(spec), async (req, res) => {
      const body = spec.body ? parse(spec.body, req.body ?? {}, 'body') : undefined;
      const query = spec.query ? parse(spec.query, req.query, 'query') : undefined;
      await spec.handler({ body, query, params: req.params as Record<string, string>, principal: req.principal, req, res });
    });
  }
};

const parse = <T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query'): T => {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(where, fieldErrors(result.error));
  return result.data;
};
