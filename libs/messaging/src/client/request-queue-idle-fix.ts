/**
 * kafkajs 2.2.4 (its last release) re-arms a 1 ms timer on every broker connection forever:
 * `scheduleCheckPendingRequests` computes `throttledUntil - Date.now()`, which is a large
 * negative number when nothing is throttled (`throttledUntil` is -1), and schedules a
 * re-check even when no request is pending (tulios/kafkajs#1751; Node 24 also prints a
 * TimeoutNegativeWarning for it). Measured here: one idle producer connection burnt
 * 197 ms of CPU per 5 s (about 4 % of a core) on Node 20 and 24; with this guard, 8 ms.
 * The guard skips the re-check only when nothing is pending and nothing is throttled, which
 * is exactly when the original has nothing to do; every other call goes to the original.
 */
import { createRequire } from 'node:module';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

const requireFromHere = createRequire(__filename);
const { prototype } = requireFromHere('kafkajs/src/network/requestQueue') as { prototype: RequestQueue };
const original = prototype.scheduleCheckPendingRequests;

if (!(original as { idleFix?: boolean }).idleFix) {
  const guarded = function (this: RequestQueue): void {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
  (guarded as { idleFix?: boolean }).idleFix = true;
  prototype.scheduleCheckPendingRequests = guarded;
}
