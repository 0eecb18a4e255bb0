import type { HotDataJob } from '../hot-data/hot-data.job';
import type { PopularSnapshot } from '../shared/popular-snapshot';

/**
 * `/health/model`: the Redis model is built (after a fresh seed or a Redis that lost its data,
 * down until the rebuild from history is done), when hot data was last loaded, and where the
 * Redis-down fallback's popularity snapshot came from.
 */
export function modelHealthIndicator(job: HotDataJob, snapshot: PopularSnapshot) {
  return {
    name: 'model',
    check() {
      return Promise.resolve({
        status: job.modelReady ? ('up' as const) : ('down' as const),
        lastRunAt: job.task.lastRunAt?.toISOString() ?? null,
        lastError: job.task.lastError ?? null,
        fallbackSnapshot: {
          from: snapshot.from ?? null,
          takenAt: snapshot.takenAt?.toISOString() ?? null,
          items: snapshot.items.length,
        },
      });
    },
  };
}
