import type { Request, Response } from 'express';
import type { CommandMetadata, HandleResult } from '@csm/eventing';
import { canonicalJson, newCommandId } from '@csm/eventing';
import { createHash } from 'node:crypto';
import { currentTraceparent } from '@csm/telemetry';
import { z } from 'zod';
import { HttpProblem, problemType } from './problem';
import type { RouteSuccess } from './routes';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/**
 * The command metadata of an HTTP request: the Idempotency-Key becomes the command id (so a
 * retried request derives the same event ids and appends nothing), the actor comes from the
 * verified token, the time from the server clock, the trace from `traceparent`.
 */
/** The service's time (`createServiceApp({ clock })`): tests move it past deadlines. */
export const serviceNow = (req: Request): Date => (req.app.locals.clock as () => Date)();

export const commandMetadata = (req: Request): CommandMetadata => {
  const key = req.get('Idempotency-Key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new HttpProblem({
      type: problemType('invalid-idempotency-key'),
      title: 'Idempotency-Key must be 8 to 200 visible ASCII characters',
      status: 400,
    });
  }
  const commandId = key ?? newCommandId();
  const principal = req.principal;
  return {
    commandId,
    correlationId: req.get('X-Correlation-Id') ?? commandId,
    actor: principal
      ? { subject: principal.subject, roles: principal.roles, ...(principal.organizationId ? { organizationId: principal.organizationId } : {}) }
      : { subject: 'anonymous', roles: [] },
    now: serviceNow(req).toISOString(),
    requestHash: createHash('sha256').update(`${req.method} ${req.originalUrl.split('?')[0]} ${canonicalJson(req.body ?? {})}`).digest('hex'),
    // The request's own span (a child of the caller's traceparent, when it sent one).
    ...(traceparentOf(req) ? { traceparent: traceparentOf(req)! } : {}),
  };
};

/** `If-Match: "3"` (or W/"3") → 3n; absent → undefined; anything else is a 400. */
export const ifMatchRevision = (req: Request): bigint | undefined => {
  const header = req.get('If-Match');
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(-?\d+)"$/.exec(header.trim());
  if (!match) {
    throw new HttpProblem({ type: problemType('invalid-if-match'), title: 'If-Match must be an ETag this API returned, e.g. "3"', status: 400 });
  }
  return BigInt(match[1]!);
};

export const etag = (revision: bigint): string => `"${revision.toString()}"`;

const Int64 = z.string().regex(/^-?\d+$/, 'a 64-bit integer as a string');

/** The answer to every command: where the change landed (revisions and positions as strings: they are 64-bit). */
export const CommandResultBody = z
  .object({
    streamId: z.string(),
    revision: Int64,
    position: Int64,
    /** True when this is the answer to an earlier request with the same Idempotency-Key (status 200). */
    replayed: z.boolean(),
  })
  .strict();

/** The success of a command route: 201/202 with the command result, and 200 for its replays. */
export const commandAccepted = (status: 201 | 202, description: string): RouteSuccess => ({ status, description, body: CommandResultBody, command: true });

/** Commands answer with where the change landed, as strings (revisions and positions are 64-bit). */
export const sendCommandResult = (res: Response, status: 201 | 202, result: HandleResult): void => {
  res
    .status(result.replayed ? 200 : status)
    .set('ETag', etag(result.revision))
    .json({
      streamId: result.streamId,
      revision: result.revision.toString(),
      position: result.position.toString(),
      replayed: result.replayed,
    });
};

const traceparentOf = (req: Request): string | undefined => currentTraceparent() ?? req.get('traceparent');
