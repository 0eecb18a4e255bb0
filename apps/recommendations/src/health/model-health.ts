import type { HotDataJob } from '../hot-data/hot-data.job';

/**
 * `/health/model`: the Redis model is built (after a fresh seed or a Redis that lost its data,
 * down until the rebuild from history is done), and when hot data was last loaded.
 */
export function modelHealthIndicator(job: HotDataJob) {
  return {
    name: 'model',
    check() {
      return Promise.resolve({
        status: job.modelReady ? ('up' as const) : ('down' as const),
        lastRunAt: job.task.lastRunAt?.toISOString() ?? null,
        lastError: job.task.lastError ?? null,
      });
    },
  };
}
