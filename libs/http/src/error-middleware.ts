import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { CaughtUpTimeoutError, ConcurrencyExhaustedError, DomainError, PositionAheadOfLogError, PreconditionFailedError } from '@csm/eventing';
import { HttpProblem, problemType, sendProblem, ValidationError, type Problem } from './problem';

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  conflict: 409,
  forbidden: 403,
  invalid: 422,
  'not-found': 404,
};

/** What body-parser (through http-errors) puts on the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

const declaresContentEncoding = (req: Request): boolean => {
  const encoding = req.get('Content-Encoding')?.trim().toLowerCase();
  return encoding !== undefined && encoding !== '' && encoding !== 'identity';
};

/**
 * body-parser inflates gzip, deflate and br bodies; one that is not what its Content-Encoding
 * says fails inside zlib and arrives as an exposable 400 that carries no `type` of its own.
 */
const isUndecodableBody = (error: BodyParserError, req: Request): boolean =>
  error.status === 400 && error.expose === true && error.type === undefined && declaresContentEncoding(req);

/** The one table from failures to problem+json. Routes never catch. */
const toProblem = (error: unknown, req: Request): Problem => {
  if (error instanceof ValidationError) {
    return { type: problemType('validation'), title: `The request ${error.where} is not valid`, status: 400, errors: error.errors };
  }
  if (error instanceof DomainError) {
    return { type: problemType(error.code), title: error.message, status: STATUS_BY_KIND[error.kind] };
  }
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof PreconditionFailedError) {
    return {
      type: problemType('precondition-failed'),
      title: 'The resource changed since you read it',
      status: 412,
      detail: error.message,
      currentRevision: error.actual.toString(),
    };
  }
  if (error instanceof ConcurrencyExhaustedError) {
    return { type: problemType('concurrency-conflict'), title: 'Too many concurrent changes; try again', status: 409 };
  }
  if (error instanceof PositionAheadOfLogError) {
    // Waiting would only hold a connection until the timeout: no read model can get there.
    return {
      type: problemType('min-position-ahead-of-log'),
      title: 'The requested position is beyond the head of the log',
      status: 400,
      headPosition: error.head.toString(),
      errors: [{ path: 'minPosition', message: `must be a position the log has reached (at most ${error.head})` }],
    };
  }
  if (isDependencyOutage(error)) {
    return { type: problemType('dependency-unavailable'), title: 'A database this service needs is unreachable: nothing was changed, try again shortly', status: 503 };
  }
  if (error instanceof CaughtUpTimeoutError) {
    return { type: problemType('not-caught-up'), title: 'The read model has not reached the requested position yet', status: 503 };
  }
  const bodyParser = error as BodyParserError;
  if (isUndecodableBody(bodyParser, req)) {
    return {
      type: problemType('undecodable-body'),
      title: 'The request body cannot be decoded with the Content-Encoding it declares: send the encoding it really has, or none',
      status: 400,
    };
  }
  if (bodyParser.type === 'entity.parse.failed') {
    return { type: problemType('malformed-json'), title: 'The request body is not valid JSON', status: 400 };
  }
  if (bodyParser.type === 'entity.too.large') {
    return { type: problemType('payload-too-large'), title: 'The request body is too large', status: 413 };
  }
  if (bodyParser.type === 'charset.unsupported' || bodyParser.type === 'encoding.unsupported') {
    return { type: problemType('unsupported-media-type'), title: 'Unsupported body encoding', status: 415 };
  }
  return { type: problemType('internal'), title: 'Something went wrong on our side', status: 500 };
};

/**
 * The MongoDB driver's errors for a database it cannot reach (by name, so this lib needs no
 * driver): the request changed nothing and may be retried, so it is a 503, not a 500.
 */
const DEPENDENCY_OUTAGE_ERRORS = new Set(['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError']);
const isDependencyOutage = (error: unknown): boolean => error instanceof Error && DEPENDENCY_OUTAGE_ERRORS.has(error.name);

export const errorMiddleware =
  (log: (message: string, error: unknown) => void): ErrorRequestHandler =>
  (error, req, res, _next) => {
    const problem = { ...toProblem(error, req), instance: req.originalUrl };
    if (problem.status >= 500) log(`${req.method} ${req.originalUrl} failed`, error);
    if (problem.status === 503) res.set('Retry-After', '1');
    sendProblem(res, problem);
  };

export const notFoundMiddleware: RequestHandler = (req, res) => {
  sendProblem(res, { type: problemType('not-found'), title: 'No such resource', status: 404, instance: req.originalUrl });
};
