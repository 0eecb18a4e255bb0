import type { AnyFastifyInstance } from '../fastify-instance';
import { collectMetrics, installClusterMetricsWorker } from './cluster-metrics';
import { collectProcessMetrics, type ProcessMetricsOptions } from './process-metrics';

export interface MetricsRouteOptions extends ProcessMetricsOptions {
  /** Default `/metrics`. Another path is not skipped by the HTTP metrics unless their `isInternalRoute` says so. */
  path?: string;
}

/**
 * GET /metrics on a Fastify instance (for a Nest app, its adapter's instance: the route
 * stays outside Nest's global prefix, guards and interceptors). Also starts the Node
 * process metrics, since whatever serves metrics should report its own process, and
 * in a cluster worker answers the primary's requests for this worker's metrics.
 */
export function metricsRoute(fastify: AnyFastifyInstance, options: MetricsRouteOptions = {}): void {
  collectProcessMetrics({ eventLoopResolutionMs: options.eventLoopResolutionMs });
  installClusterMetricsWorker();
  fastify.get(options.path ?? '/metrics', async (_request, reply) => {
    const { contentType, body } = await collectMetrics();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
