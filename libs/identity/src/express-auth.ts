import type { RequestHandler } from 'express';
import { InvalidTokenError, type TokenVerifier } from './token-verifier';

/**
 * Sets `req.principal` from `Authorization: Bearer`. No header: anonymous (routes decide whether
 * that is enough). A bad token: 401 problem+json, never silently anonymous.
 */
export const authenticate =
  (verifier: TokenVerifier): RequestHandler =>
  async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) return next();
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header.trim());
    try {
      if (!match) throw new InvalidTokenError('the Authorization header is not a Bearer token');
      req.principal = await verifier.verify(match[1]!);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) return next(error);
      res
        .status(401)
        .set('WWW-Authenticate', `Bearer realm="csm", error="invalid_token", error_description="${error.reason.replace(/"/g, "'")}"`)
        .type('application/problem+json')
        .send(JSON.stringify({ type: 'https://csm.go.ke/problems/invalid-token', title: 'The access token is not valid', status: 401, detail: error.reason }));
      return;
    }
    next();
  };
