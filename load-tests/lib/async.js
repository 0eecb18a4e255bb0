// End-to-end latency of asynchronous paths (accepted → effect), e.g. notification created →
// SENT, webhook accepted → visible. Suites record into these; thresholds for scenarios of
// kind "async" in targets.json grade them, and the bench report shows them beside HTTP times.
import { Trend, Rate } from 'k6/metrics';
import { sleep } from 'k6';

export const e2eLatency = new Trend('e2e_latency_ms', true);
export const e2eDelivered = new Rate('e2e_delivered');

/**
 * Poll `probe()` (returns truthy when the effect is visible) until done or timeout; record the
 * elapsed time since `acceptedAt` (ms epoch) under the scenario's tags. Bounded: never waits
 * longer than timeoutMs. Returns true when observed.
 */
export function awaitEffect(acceptedAt, probe, { timeoutMs = 10000, intervalMs = 100, tags = {} } = {}) {
  const deadline = acceptedAt + timeoutMs;
  while (Date.now() < deadline) {
    if (probe()) {
      e2eLatency.add(Date.now() - acceptedAt, tags);
      e2eDelivered.add(1, tags);
      return true;
    }
    sleep(intervalMs / 1000);
  }
  e2eDelivered.add(0, tags);
  return false;
}
