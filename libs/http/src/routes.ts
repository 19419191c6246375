import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Principal } from '@csm/identity';
import { problemType, sendProblem, ValidationError } from './problem';

/**
 * Who may call a route. Any one rule that matches grants access:
 * `{ role: 'nctc-admin' }` — anyone with the role;
 * `{ role: 'partner', ownOrganization: 'id' }` — the role AND the token's org_id equals the
 * `:id` path parameter (and, where the service has a membership read model, it still lists the
 * caller: see `OrganizationMembership`);
 * `{ role: 'county-officer', ownCounty: 'code' }` — the role AND the token's county_code equals
 * the `:code` path parameter. `'public'` marks a deliberately anonymous endpoint.
 */
export type AccessRule = { role: string; ownOrganization?: string; ownCounty?: string };
export type Access = 'public' | readonly AccessRule[];

/**
 * The service's own knowledge of who belongs to which organisation: its read model of the
 * registration context. A token's `org_id` says which organisation the user was linked to when
 * the token was issued; membership can end before the token does, so the claim is honoured only
 * while this read model still lists the caller. `undefined`: the organisation is unknown here
 * (not registered yet, or not a partner organisation at all, e.g. a donor body) and the claim
 * stands on its own.
 */
export interface OrganizationMembership {
  isMember(organizationId: string, principal: Principal): Promise<boolean | undefined>;
}

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
      (rule.ownOrganization === undefined || (principal.organizationId !== undefined && principal.organizationId === params[rule.ownOrganization])) &&
      (rule.ownCounty === undefined || (principal.countyCode !== undefined && principal.countyCode === params[rule.ownCounty])),
  );
  return granted ? 'ok' : 403;
};

/**
 * Checks the token's organisation against the membership read model, once per request, before
 * any access rule or handler reads it. A caller the organisation no longer lists loses the
 * organisation: refused on every signed-in route (the token speaks for an organisation the
 * caller has left), and seen as acting for none on public ones.
 */
const confirmOrganization = async (req: Request, membership: OrganizationMembership | undefined): Promise<'ok' | 'not-a-member'> => {
  const principal = req.principal;
  if (!membership || principal?.organizationId === undefined) return 'ok';
  if ((await membership.isMember(principal.organizationId, principal)) !== false) return 'ok';
  const { organizationId: _left, ...withoutOrganization } = principal;
  req.principal = withoutOrganization;
  return 'not-a-member';
};

const authorise =
  (spec: RouteSpec<unknown, unknown>, membership: OrganizationMembership | undefined): RequestHandler =>
  async (req, res, next) => {
    const organization = await confirmOrganization(req, membership);
    if (organization === 'not-a-member' && spec.access !== 'public') {
      return sendProblem(res, {
        type: problemType('organization.not-a-member'),
        title: 'The organisation named in your token (org_id) does not list you as a member',
        status: 403,
        instance: req.originalUrl,
      });
    }
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
export const mountRoutes = (router: Router, specs: readonly RouteSpec<any, any>[], membership?: OrganizationMembership): void => {
  for (const spec of specs) {
    router[spec.method](spec.path, authorise(spec, membership), async (req, res) => {
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
