import type { RequestHandler } from 'express';

/** A minimal Prometheus text exposition: request counts and durations by route and status. */
export class HttpMetrics {
  private readonly counts = new Map<string, number>();
  private readonly seconds = new Map<string, number>();

  middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      const key = `method="${req.method}",route="${route}",status="${res.statusCode}"`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.seconds.set(key, (this.seconds.get(key) ?? 0) + Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  render(service: string, extra: Record<string, number> = {}): string {
    const lines = [
      '# TYPE http_requests_total counter',
      ...[...this.counts].map(([k, v]) => `http_requests_total{service="${service}",${k}} ${v}`),
      '# TYPE http_request_duration_seconds_sum counter',
      ...[...this.seconds].map(([k, v]) => `http_request_duration_seconds_sum{service="${service}",${k}} ${v.toFixed(6)}`),
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes{service="${service}"} ${process.memoryUsage().rss}`,
      ...Object.entries(extra).map(([name, value]) => `${withService(name, service)} ${value}`),
    ];
    return `${lines.join('\n')}\n`;
  }
}

/** `name{a="b"}` → `name{service="s",a="b"}`; `name` → `name{service="s"}`. */
const withService = (name: string, service: string): string =>
  name.includes('{') ? name.replace('{', `{service="${service}",`) : `${name}{service="${service}"}`;
