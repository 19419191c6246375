import type { RequestHandler, Response } from 'express';
import type { Role } from './principal';
import { InvalidTokenError, type TokenVerifier } from './token-verifier';

/** Problem types of authentication and authorisation; clients branch on these, never on titles. */
export const UNAUTHORIZED_PROBLEM = 'https://csm.go.ke/problems/unauthorized';
export const FORBIDDEN_PROBLEM = 'https://csm.go.ke/problems/forbidden';

const sendProblem = (res: Response, status: 401 | 403, title: string, detail: string): void => {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: status === 401 ? UNAUTHORIZED_PROBLEM : FORBIDDEN_PROBLEM, title, status, detail }));
};

/** RFC 6750 §3.1: a request without credentials gets the challenge but no error code. */
const askToSignIn = (res: Response): void => {
  res.set('WWW-Authenticate', 'Bearer realm="csm"');
  sendProblem(res, 401, 'Sign in to do this', 'This endpoint needs a bearer access token');
};

// RFC 6750 b64token; the scheme name is case-insensitive (RFC 9110 §11.1).
const BEARER = /^bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Sets `req.principal` from `Authorization: Bearer`. No header: anonymous, and the route's
 * own `requireRole` decides whether that is enough. A header that does not verify is a 401,
 * never a silent fall back to anonymous: the caller meant to be someone.
 */
export const authenticate =
  (verifier: TokenVerifier): RequestHandler =>
  async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) return next();
    try {
      const match = BEARER.exec(header.trim());
      if (!match) throw new InvalidTokenError('malformed', 'the Authorization header is not a Bearer token');
      req.principal = await verifier.verify(match[1]!);
    } catch (error) {
      // Not a token fault (the JWKS is unreachable): an outage for the error middleware, not a 401.
      if (!(error instanceof InvalidTokenError)) return next(error);
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return sendProblem(res, 401, 'The access token is not valid', `The access token was refused: ${error.reason}`);
    }
    next();
  };

/** Lets the request through when the principal holds at least one of `roles`. */
export const requireRole = (...roles: Role[]): RequestHandler => {
  // An empty list would let any signed-in user through; that is a wiring mistake, caught at start.
  if (roles.length === 0) throw new Error('requireRole needs at least one role');
  return (req, res, next) => {
    const principal = req.principal;
    if (!principal) return askToSignIn(res);
    if (!roles.some((role) => principal.roles.includes(role))) {
      return sendProblem(res, 403, 'Your role does not allow this', `This needs one of the roles: ${roles.join(', ')}`);
    }
    next();
  };
};

/**
 * Lets the request through when the principal acts for the organisation named by the path
 * parameter `paramName` (its `org_id` claim). Membership and admin rights inside the organisation
 * are the registration service's facts, checked by its decider, not here.
 */
export const requireOrganization =
  (paramName: string): RequestHandler =>
  (req, res, next) => {
    const principal = req.principal;
    if (!principal) return askToSignIn(res);
    const wanted = (req.params as Record<string, string | undefined>)[paramName];
    // A route without the parameter is mis-wired; refusing everyone quietly would hide that.
    if (wanted === undefined) return next(new Error(`requireOrganization('${paramName}') is mounted on a route without :${paramName}`));
    if (principal.organizationId === undefined || principal.organizationId !== wanted) {
      return sendProblem(res, 403, 'You do not act for this organisation', `This is open only to members of organisation ${wanted}`);
    }
    next();
  };

/**
 * Does nothing: it states in the route table that an endpoint is public on purpose, so a route
 * with no access rule at all stands out in review as a mistake.
 */
export const allowAnonymous =
  (): RequestHandler =>
  function publicEndpoint(_req, _res, next) {
    next();
  };
