import { totalConsumerLag } from '@perflab/messaging';
import type { WorkerConsumers } from '../delivery/worker-consumers';
import type { Sweeper } from '../delivery/sweeper';
import type { ScheduledDispatcher } from '../scheduling/scheduled-dispatcher';

const LAG_TIMEOUT_MS = 1_000;

/**
 * `/health/worker`: are the consumer groups joined, how far behind is delivery (asked of the
 * broker, falling back to the last periodic measurement), and when did the sweeper and the
 * scheduler last run. An API-only instance (WORKER_ENABLED=false) reports up, disabled.
 */
export function workerHealthIndicator(consumers: WorkerConsumers, sweeper: Sweeper, scheduler: ScheduledDispatcher) {
  return {
    name: 'worker',
    async check() {
      if (!consumers.enabled) return { status: 'up' as const, enabled: false };
      const groups = consumers.status();
      const lag = await Promise.race([
        consumers.measureLag().then((report) => ({ total: report.total, measured: 'now' })),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), LAG_TIMEOUT_MS).unref()),
      ]).catch(() => ({ total: totalConsumerLag(), measured: 'last interval' }));
      const task = (t: { lastRunAt?: Date; lastError?: string }) => ({
        lastRunAt: t.lastRunAt?.toISOString() ?? null,
        lastError: t.lastError ?? null,
      });
      return {
        status: groups.every((g) => g.running) ? ('up' as const) : ('down' as const),
        enabled: true,
        consumers: groups,
        lag,
        sweeper: task(sweeper.task),
        scheduler: task(scheduler.task),
      };
    },
  };
}
