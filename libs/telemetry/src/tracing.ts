import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { otlpTraceExporter } from './otlp-export';

/**
 * OpenTelemetry for every service. Without `startTelemetry` the API is a no-op, so libraries can
 * always create spans. The trace context travels in HTTP `traceparent`, in each event's
 * metadata, and in Kafka headers, so one command is one trace from request to projector.
 */
export interface TelemetryOptions {
  /** The `service.name` resource every span carries: one per service and role (`registration-api`, `registration-worker`, `portal`). */
  serviceName: string;
  /**
   * `OTEL_EXPORTER_OTLP_ENDPOINT`, the collector's OTLP/HTTP base URL (e.g. `http://otel-collector:4318`):
   * spans go in batches to `<endpoint>/v1/traces`. Unset: nothing is exported.
   */
  otlpEndpoint?: string;
  /** Further resource attributes, e.g. `{ 'csm.role': 'worker' }`. */
  attributes?: Record<string, string>;
  /** Any exporter instead (an in-memory one in tests); none and no endpoint means spans are dropped. */
  exporter?: SpanExporter;
  /** Export each span as it ends (tests) instead of in batches (production). */
  immediate?: boolean;
  /** `OTEL_BSP_SCHEDULE_DELAY`: how long a batch waits before it is sent (default 5000 ms). */
  batchDelayMs?: number;
  /** Where an export failure (the collector down) and its recovery are reported, once each. */
  log?: (message: string) => void;
  /** How long `shutdown` waits for the last batch to reach the collector (default 5 s), so SIGTERM is never held by a dead collector. */
  shutdownTimeoutMs?: number;
}

export interface Telemetry {
  /** Exports what is still queued (bounded by `shutdownTimeoutMs`), then stops tracing. */
  shutdown(): Promise<void>;
}

export const startTelemetry = (options: TelemetryOptions): Telemetry => {
  const log = options.log ?? ((message: string) => console.error(`[${options.serviceName}] ${message}`));
  const exporter = options.exporter ?? (options.otlpEndpoint ? otlpTraceExporter(options.otlpEndpoint, log) : undefined);
  const processor = exporter ? (options.immediate ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter, options.batchDelayMs !== undefined ? { scheduledDelayMillis: options.batchDelayMs } : {})) : undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.namespace': 'csm', ...options.attributes }),
    spanProcessors: processor ? [processor] : [],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    shutdown: async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log(`traces: the last spans were not exported within ${options.shutdownTimeoutMs ?? 5_000} ms of shutdown; stopping without them`);
          resolve();
        }, options.shutdownTimeoutMs ?? 5_000);
      });
      await Promise.race([provider.shutdown().catch(() => undefined), timeout]);
      clearTimeout(timer);
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

type TracedEvent = { metadata: { traceparent?: string }; type: string; streamId: string };

const eventAttributes = (event: TracedEvent) => ({ 'csm.event.type': event.type, 'csm.stream.id': event.streamId });

/**
 * Continues the trace an event carries, e.g. in a projector or a Kafka consumer. `traceparent`
 * (a Kafka message's header: the relay's publish span) is preferred to the one the event was
 * appended with, so the consumer's span sits under the publish that delivered it.
 */
export const inEventSpan = <T>(name: string, event: TracedEvent, work: () => Promise<T>, traceparent?: string) =>
  inSpan(name, { kind: SpanKind.CONSUMER, parent: contextFrom(traceparent ?? event.metadata.traceparent), attributes: eventAttributes(event) }, work);

/**
 * A PRODUCER span for publishing one event (the Kafka relay), in the trace the event carries. Its
 * `traceparent` goes in the message's header; `end` closes it, marking it failed on an error.
 */
export const startPublishSpan = (name: string, event: TracedEvent, attributes: Record<string, string | number> = {}) => {
  const parent = contextFrom(event.metadata.traceparent);
  const span = tracer().startSpan(name, { kind: SpanKind.PRODUCER, attributes: { ...eventAttributes(event), ...attributes } }, parent);
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), carrier);
  return {
    traceparent: carrier.traceparent,
    end: (error?: unknown) => {
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : new Error(String(error)));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      }
      span.end();
    },
  };
};

export { SpanKind };
