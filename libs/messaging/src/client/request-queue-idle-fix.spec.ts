import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import './request-queue-idle-fix';

interface QueueState {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const { prototype } = createRequire(__filename)('kafkajs/src/network/requestQueue') as { prototype: QueueState };

function queue(pending: unknown[], throttledUntil: number): QueueState {
  const q = Object.create(prototype) as QueueState;
  Object.assign(q, { pending, throttledUntil, throttleCheckTimeoutId: null, checkPendingRequests: () => undefined });
  return q;
}

describe('kafkajs request queue idle guard', () => {
  const armed: QueueState[] = [];
  afterEach(() => armed.splice(0).forEach((q) => q.throttleCheckTimeoutId && clearTimeout(q.throttleCheckTimeoutId)));

  it('arms no timer when nothing is pending and nothing is throttled', () => {
    const q = queue([], -1);
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still schedules the re-check when requests are pending or the broker throttles', () => {
    for (const q of [queue([{}], -1), queue([], Date.now() + 1_000)]) {
      armed.push(q);
      q.scheduleCheckPendingRequests();
      expect(q.throttleCheckTimeoutId).not.toBeNull();
    }
  });
});
