import { totalConsumerLag, type MessagingConsumer } from '@perflab/messaging';

const LAG_TIMEOUT_MS = 1_000;

/**
 * `/health/worker`: is the rollup group joined and how far behind it is (asked of the broker,
 * falling back to the last periodic measurement). Waiting for ingestion to create its topics
 * is not a fault of this service; an API-only instance reports up, disabled.
 */
export function workerHealthIndicator(rollups: MessagingConsumer) {
  return {
    name: 'worker',
    async check() {
      if (rollups.state === 'disabled') return { status: 'up' as const, enabled: false };
      const group = {
        groupId: rollups.groupId,
        topics: rollups.topics,
        running: rollups.running,
        state: rollups.state,
      };
      const lag = rollups.running
        ? await Promise.race([
            rollups.measureLag().then((report) => ({ total: report.total, measured: 'now' })),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), LAG_TIMEOUT_MS).unref()),
          ]).catch(() => ({ total: totalConsumerLag(), measured: 'last interval' }))
        : null;
      const healthy = rollups.running || rollups.state === 'waiting';
      return { status: healthy ? ('up' as const) : ('down' as const), enabled: true, consumer: group, lag };
    },
  };
}
