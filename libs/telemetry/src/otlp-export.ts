import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * The collector's traces URL for an `OTEL_EXPORTER_OTLP_ENDPOINT`: as the OpenTelemetry
 * specification says for that variable, the signal's path `v1/traces` is appended to the base.
 */
export const otlpTracesUrl = (endpoint: string): string => `${endpoint.replace(/\/+$/, '')}/v1/traces`;

/**
 * Spans over OTLP/HTTP (protobuf-free JSON) to a collector (Jaeger, the OpenTelemetry collector).
 * A collector that is down or refuses costs the spans of those batches and nothing else: the
 * exporter's own retries are bounded by `timeoutMillis`, nothing is thrown into the service,
 * and the first failure and the recovery are each logged once (not once per batch).
 */
export const otlpTraceExporter = (endpoint: string, log: (message: string) => void, timeoutMillis = 5_000): SpanExporter =>
  new ReportingExporter(new OTLPTraceExporter({ url: otlpTracesUrl(endpoint), timeoutMillis }), otlpTracesUrl(endpoint), log);

class ReportingExporter implements SpanExporter {
  private failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly url: string,
    private readonly log: (message: string) => void,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      this.inner.export(spans, (result) => {
        this.report(result);
        resultCallback(result);
      });
    } catch (error) {
      const result = { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
      this.report(result);
      resultCallback(result);
    }
  }

  private report(result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.failing) this.log(`traces: exporting to ${this.url} works again`);
      this.failing = false;
    } else if (!this.failing) {
      this.failing = true;
      this.log(`traces: export to ${this.url} failed (${result.error?.message ?? 'unknown error'}); spans are dropped until the collector answers`);
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
