import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inSpan, otlpTracesUrl, startTelemetry } from '../src';

/**
 * OTLP export as a service's composition root starts it (`startTelemetry({ otlpEndpoint })`), to
 * a loopback HTTP server standing in for the collector; the real one (Jaeger) is in
 * services/platform/test/traces.e2e.spec.ts.
 */
const listening = (server: Server) =>
  new Promise<string>((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const closed = (server: Server) => new Promise<void>((done) => server.close(() => done()));
const bodyOf = (req: IncomingMessage) =>
  new Promise<string>((done) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => done(body));
  });

/** Every HTTP request this process starts, however the module making it loaded `http`. */
const outgoingRequests = () => {
  const paths: string[] = [];
  const listener = (message: unknown) => paths.push(String((message as { request: { host: string; path: string } }).request.path));
  subscribe('http.client.request.start', listener);
  return { paths, stop: () => unsubscribe('http.client.request.start', listener) };
};

interface ExportedSpans {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; traceId: string }[] }[] }[];
}

describe('OTLP export (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('appends the signal path to the endpoint, as the specification says for that variable', () => {
    expect(otlpTracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
  });

  it('sends batched spans to <endpoint>/v1/traces with the service.name of the service and role, and flushes them on shutdown', async () => {
    const received: { path: string; body: ExportedSpans }[] = [];
    const collector = createServer((req, res) => {
      void bodyOf(req).then((body) => {
        received.push({ path: req.url ?? '', body: JSON.parse(body) as ExportedSpans });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    const endpoint = await listening(collector);
    // The same probe as in 'exports nothing' below, seeing the export's request here.
    const requests = outgoingRequests();
    // A batch delay of a minute: only the shutdown's flush can deliver these spans.
    const telemetry = startTelemetry({ serviceName: 'registration-worker', otlpEndpoint: endpoint, attributes: { 'csm.role': 'worker' }, batchDelayMs: 60_000 });
    await inSpan('append organization-amani', {}, async () => undefined);
    expect(received).toEqual([]);
    await telemetry.shutdown();
    await closed(collector);
    requests.stop();
    expect(requests.paths).toEqual(['/v1/traces']);

    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/v1/traces');
    const [resourceSpans] = received[0]!.body.resourceSpans;
    const attributes = Object.fromEntries(resourceSpans!.resource.attributes.map((a) => [a.key, a.value.stringValue]));
    expect(attributes).toMatchObject({ 'service.name': 'registration-worker', 'service.namespace': 'csm', 'csm.role': 'worker' });
    expect(resourceSpans!.scopeSpans.flatMap((s) => s.spans.map((span) => span.name))).toEqual(['append organization-amani']);
  });

  it('keeps serving when the collector is down: the work succeeds, one line says so, and shutdown does not hang', async () => {
    // A port that was just free: connections are refused.
    const gone = createServer();
    const endpoint = await listening(gone);
    await closed(gone);
    const lines: string[] = [];
    const telemetry = startTelemetry({ serviceName: 'proposals-api', otlpEndpoint: endpoint, log: (line) => lines.push(line), batchDelayMs: 10 });
    for (let i = 0; i < 3; i++) await expect(inSpan(`append proposal-${i}`, {}, async () => i)).resolves.toBe(i);
    const began = Date.now();
    await telemetry.shutdown();
    expect(Date.now() - began).toBeLessThan(6_000);
    expect(lines.filter((line) => line.includes('failed'))).toHaveLength(1);
    expect(lines[0]).toContain(`export to ${endpoint}/v1/traces failed`);
  });

  it('does not let a collector that never answers hold the shutdown longer than its bound', async () => {
    const silent = createServer(() => undefined); // accepts, never responds
    const endpoint = await listening(silent);
    const lines: string[] = [];
    const telemetry = startTelemetry({ serviceName: 'portal', otlpEndpoint: endpoint, log: (line) => lines.push(line), shutdownTimeoutMs: 1_000 });
    await inSpan('GET /', {}, async () => undefined);
    const began = Date.now();
    try {
      await telemetry.shutdown();
    } finally {
      silent.closeAllConnections();
      await closed(silent);
    }
    expect(Date.now() - began).toBeLessThan(3_000);
    expect(lines).toContain('traces: the last spans were not exported within 1000 ms of shutdown; stopping without them');
  });

  it('exports nothing, and opens no connection, when no endpoint is configured', async () => {
    const requests = outgoingRequests();
    try {
      const telemetry = startTelemetry({ serviceName: 'registration-api', batchDelayMs: 0 });
      await inSpan('POST /organizations', {}, async () => undefined);
      await telemetry.shutdown();
      expect(requests.paths).toEqual([]);
    } finally {
      requests.stop();
    }
  });
});
