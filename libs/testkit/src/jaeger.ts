/**
 * Reading traces back from the Jaeger that `scripts/infra/up.sh jaeger` starts: its HTTP query
 * API (`/api/traces/<id>`, the one Jaeger's UI uses), polled up to a deadline, never slept on.
 */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  /** `CHILD_OF` the span that started it (none for the root). */
  references: { refType: string; traceID: string; spanID: string }[];
  processID: string;
  tags: { key: string; value: unknown }[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  /** `serviceName` is the span's `service.name` resource. */
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

/** Where services send OTLP/HTTP (`OTEL_EXPORTER_OTLP_ENDPOINT`), as up.sh wrote it into .cache/infra/env. */
export const jaegerOtlpEndpoint = (): string | undefined => process.env.CSM_OTLP_ENDPOINT?.trim() || undefined;

/** A fresh W3C `traceparent` (sampled) and its trace id, for a request whose trace a test then looks up. */
export const aTraceparent = (): { traceparent: string; traceId: string } => {
  const hex = (bytes: number) => [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const traceId = hex(16);
  return { traceparent: `00-${traceId}-${hex(8)}-01`, traceId };
};

/**
 * The trace once `complete` holds for it (spans arrive in batches from several processes), or an
 * error after `timeoutMs` naming what had arrived by then.
 */
export const waitForTrace = async (
  queryUrl: string,
  traceId: string,
  complete: (trace: JaegerTrace) => boolean,
  timeoutMs = 30_000,
): Promise<JaegerTrace> => {
  const deadline = Date.now() + timeoutMs;
  let last: JaegerTrace | undefined;
  let lastStatus = 'no answer yet';
  for (;;) {
    const response = await fetch(`${queryUrl}/api/traces/${traceId}`, { signal: AbortSignal.timeout(5_000) }).catch((error: unknown) => error as Error);
    if (response instanceof Error) lastStatus = response.message;
    else {
      lastStatus = `HTTP ${response.status}`;
      if (response.ok) {
        last = ((await response.json()) as { data: JaegerTrace[] }).data[0];
        if (last && complete(last)) return last;
      } else await response.body?.cancel();
    }
    if (Date.now() > deadline) {
      const seen = last ? describeTrace(last).join('\n  ') : `(none; last answer: ${lastStatus})`;
      throw new Error(`trace ${traceId} not complete in Jaeger after ${timeoutMs} ms; spans seen:\n  ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
};

/** `<service.name> <operation>` of each span, for assertions and failure messages. */
export const describeTrace = (trace: JaegerTrace): string[] =>
  trace.spans.map((span) => `${trace.processes[span.processID]?.serviceName ?? '?'} ${span.operationName}`).sort();
