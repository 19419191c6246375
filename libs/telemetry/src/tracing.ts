import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * OpenTelemetry for every service. Without `startTelemetry` the API is a no-op, so libraries can
 * always create spans. The trace context travels in HTTP `traceparent`, in each event's
 * metadata, and in Kafka headers, so one command is one trace from request to projector.
 */
export interface TelemetryOptions {
  serviceName: string;
  /** An OTLP exporter in production, an in-memory one in tests; none means spans are dropped. */
  exporter?: SpanExporter;
  /** Export each span as it ends (tests) instead of in batches (production). */
  immediate?: boolean;
}

export const startTelemetry = (options: TelemetryOptions): { shutdown: () => Promise<void> } => {
  const processor = options.exporter
    ? options.immediate
      ? new SimpleSpanProcessor(options.exporter)
      : new BatchSpanProcessor(options.exporter)
    : undefined;
  const provider = new NodeTracerProvider({ spanProcessors: processor ? [processor] : [] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
};

const tracer = () => trace.getTracer('csm');

/** The W3C `traceparent` of the active span, to store with an event or send as a header. */
export const currentTraceparent = (): string | undefined => {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
};

/** The context a `traceparent` (from a header or an event) continues. */
export const contextFrom = (traceparent: string | undefined): Context =>
  traceparent ? propagation.extract(context.active(), { traceparent }) : context.active();

/** Runs `work` inside a span; an exception marks the span failed and is rethrown. */
export const inSpan = async <T>(
  name: string,
  options: { kind?: SpanKind; parent?: Context; attributes?: Record<string, string | number | boolean> },
  work: (span: Span) => Promise<T>,
): Promise<T> => {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {} }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
};

/** Continues the trace an event carries, e.g. in a projector or the Kafka relay. */
export const inEventSpan = <T>(name: string, event: { metadata: { traceparent?: string }; type: string; streamId: string }, work: () => Promise<T>) =>
  inSpan(name, { kind: SpanKind.CONSUMER, parent: contextFrom(event.metadata.traceparent), attributes: { 'csm.event.type': event.type, 'csm.stream.id': event.streamId } }, work);

export { SpanKind };
