import type { RequestHandler } from 'express';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';

/** One SERVER span per request, continuing the caller's `traceparent` when it sends one. */
export const traceRequests: RequestHandler = (req, res, next) => {
  const parent = propagation.extract(context.active(), req.headers);
  const span = trace.getTracer('csm').startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  res.on('finish', () => {
    if (req.route?.path) span.updateName(`${req.method} ${req.route.path as string}`);
    span.setAttribute('http.response.status_code', res.statusCode);
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
};
