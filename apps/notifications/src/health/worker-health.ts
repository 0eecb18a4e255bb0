import { totalConsumerLag, type MessagingConsumer } from '@perflab/messaging';
import type { Sweeper } from '../delivery/sweeper';
import type { ScheduledDispatcher } from '../scheduling/scheduled-dispatcher';

const LAG_TIMEOUT_MS = 1_000;

/**
 * `/health/worker`: are the consumer groups joined, how far behind is delivery (asked of the
 * broker, falling back to the last periodic measurement), and when did the sweeper and the
 * scheduler last run. An API-only instance (ROLE=api) reports up, disabled.
 * The welcome group waiting for auth to create its topic is not a fault of this service.
 */
export function workerHealthIndicator(
  delivery: MessagingConsumer,
  welcome: MessagingConsumer,
  sweeper: Sweeper,
  scheduler: ScheduledDispatcher,
) {
  return {
    name: 'worker',
    async check() {
      if (delivery.state === 'disabled') return { status: 'up' as const, enabled: false };
      const groups = [delivery, welcome]
        .filter((c) => c.state !== 'disabled')
        .map((c) => ({ groupId: c.groupId, topics: c.topics, running: c.running, state: c.state }));
      const lag = await Promise.race([
        delivery.measureLag().then((report) => ({ total: report.total, measured: 'now' })),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), LAG_TIMEOUT_MS).unref()),
      ]).catch(() => ({ total: totalConsumerLag(), measured: 'last interval' }));
      const task = (t: { lastRunAt?: Date; lastError?: string }) => ({
        lastRunAt: t.lastRunAt?.toISOString() ?? null,
        lastError: t.lastError ?? null,
      });
      const healthy = delivery.running && welcome.state !== 'stopped';
      return {
        status: healthy ? ('up' as const) : ('down' as const),
        enabled: true,
        consumers: groups,
        lag,
        sweeper: task(sweeper.task),
        scheduler: task(scheduler.task),
      };
    },
  };
}
