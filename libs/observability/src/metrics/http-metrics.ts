import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AnyFastifyInstance } from '../fastify-instance';
import { counterSeries, histogramSeries, type CounterSeries, type HistogramSeries } from './metric-series';
import { counter, histogram } from './registry';
import { isInternalRoute as defaultIsInternalRoute, routeLabel } from './route-label';

type HttpLabel = 'method' | 'route' | 'status_code';
const LABELS: readonly HttpLabel[] = ['method', 'route', 'status_code'];

export const httpRequestsTotal = counter<HttpLabel>('http_requests_total', 'HTTP requests served', LABELS);
export const httpRequestDuration = histogram<HttpLabel>(
  'http_request_duration_seconds',
  'HTTP request duration in seconds, from routing to the last byte written',
  LABELS,
);
/**
 * Responses with status >= 400 (4xx and 5xx), labelled like the other two. We count 4xx
 * as errors, as k6's `http_req_failed` does, so the documents' PromQL
 * `rate(http_request_errors_total[5m]) / rate(http_requests_total[5m])` is the same error
 * rate the load tests assert. Server-side failures alone: `{status_code=~"5.."}`.
 */
export const httpRequestErrorsTotal = counter<HttpLabel>(
  'http_request_errors_total',
  'HTTP responses with status >= 400',
  LABELS,
);

export interface HttpMetricsOptions {
  /** Route templates not to measure. Default: `/metrics` and `/health*`. */
  isInternalRoute?: (route: string) => boolean;
}

interface Series {
  readonly requests: CounterSeries;
  readonly duration: HistogramSeries;
  /** Set for status >= 400. */
  readonly errors?: CounterSeries;
}

/**
 * Label objects are created once per (route, method, status) and reused, so the hot
 * path allocates no label object and hashes none: each series counts in the process and
 * prom-client gets the sums at scrape time (metric-series.ts).
 */
class SeriesCache {
  private readonly byRoute = new Map<string, Map<string, Map<number, Series>>>();

  get(route: string, method: string, status: number): Series {
    let byMethod = this.byRoute.get(route);
    if (byMethod === undefined) this.byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (series === undefined) {
      const labels = Object.freeze({ method, route, status_code: String(status) });
      series = {
        requests: counterSeries(httpRequestsTotal, labels),
        duration: histogramSeries(httpRequestDuration, labels),
        errors: status >= 400 ? counterSeries(httpRequestErrorsTotal, labels) : undefined,
      };
      byStatus.set(status, series);
    }
    return series;
  }
}

/**
 * HTTP RED metrics for every route of a Fastify instance (a Nest app's:
 * `app.getHttpAdapter().getInstance()`). One onResponse hook and no onRequest hook:
 * with an onResponse hook registered, Fastify records the start time itself and
 * `reply.elapsedTime` gives the duration. Register before routes are added, or at
 * least before the server is ready.
 */
export function registerHttpMetrics(fastify: AnyFastifyInstance, options: HttpMetricsOptions = {}): void {
  const isInternal = options.isInternalRoute ?? defaultIsInternalRoute;
  const cache = new SeriesCache();
  // Decided once per template, not per request.
  const internal = new Map<string, boolean>();

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const route = routeLabel(request.routeOptions.url);
    let skip = internal.get(route);
    if (skip === undefined) internal.set(route, (skip = isInternal(route)));
    if (!skip) {
      const series = cache.get(route, request.method, reply.statusCode);
      series.requests.inc();
      series.duration.observe(reply.elapsedTime / 1000);
      series.errors?.inc();
    }
    done();
  });
}
