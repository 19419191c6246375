import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Subscription } from '@csm/eventing';

/** What a service's /metrics reports besides its requests: how far its projections have got. */
export interface MetricSources {
  /** The subscriptions (projections) this process runs; none on a pod that runs none. */
  subscriptions?: readonly Pick<Subscription, 'status'>[];
  /** The head of the event log, so lag is `head − position` in PromQL. */
  headPosition?: () => Promise<bigint>;
}

/** Request durations from a millisecond to ten seconds: local reads up to bounded `minPosition` waits. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One service's Prometheus metrics, in a registry of its own (the embedded platform runs
 * several services in one process), every series labelled with the service:
 * - `http_request_duration_seconds{method,route,status}`: a histogram per route TEMPLATE
 *   (`/organizations/:id`, never the raw path, so ids do not explode the series);
 * - `csm_projection_position{projection}`, `csm_projection_stalled_seconds{projection}` and
 *   `csm_event_store_head_position`: read at scrape time from the subscriptions and the store;
 * - the process metrics prom-client collects by default (memory, CPU, event-loop lag, GC).
 */
export const createServiceMetrics = (service: string, sources: MetricSources = {}) => {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });

  const subscriptions = sources.subscriptions ?? [];
  new Gauge({
    name: 'csm_projection_position',
    help: 'Global log position of the last event the projection handled (-1 before any)',
    labelNames: ['projection'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const subscription of subscriptions) {
        const { name, position } = subscription.status();
        this.set({ projection: name }, Number(position));
      }
    },
  });
  new Gauge({
    name: 'csm_projection_stalled_seconds',
    help: 'How long the projection has made no progress while events were waiting (0 when caught up or advancing)',
    labelNames: ['projection'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const subscription of subscriptions) {
        const { name, stalledForMs } = subscription.status();
        this.set({ projection: name }, stalledForMs / 1000);
      }
    },
  });
  const { headPosition } = sources;
  if (headPosition) {
    new Gauge({
      name: 'csm_event_store_head_position',
      help: 'Global log position of the newest event in the store (-1 when empty)',
      registers: [registry],
      async collect() {
        this.set(Number(await headPosition()));
      },
    });
  }

  const middleware: RequestHandler = (req, res, next) => {
    const stop = requestDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      // The matched route's template; requests no route took (404s, refusals before routing) share one series.
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      stop({ route, status: String(res.statusCode) });
    });
    next();
  };

  return {
    middleware,
    contentType: registry.contentType,
    render: (): Promise<string> => registry.metrics(),
  };
};
