import type { RequestHandler } from 'express';

/**
 * The headers a JSON API should always send. The API serves no HTML of its own, so the content
 * security policy forbids everything; the OIDC login page sets its own policy.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
  res.removeHeader('X-Powered-By');
  next();
};

/** Commands must send JSON; anything else is a 415 before any parsing happens. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !req.is('application/json')) {
    res
      .status(415)
      .type('application/problem+json')
      .send(JSON.stringify({ type: 'https://csm.go.ke/problems/unsupported-media-type', title: 'Send the body as application/json', status: 415 }));
    return;
  }
  next();
};
