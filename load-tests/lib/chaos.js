// The chaos profile (npm run bench -- <suite> --profile chaos): a steady open-model load while
// the bench faults the service's dependencies. Every answer is one console line, which k6
// writes to the file the bench names (--console-output): the bench reads it back as the run's
// timeline (statuses around each fault) and as the list of accepted writes its ledger follows.
// This is the one place where a line per request is right: the ledger needs every accepted id.
import { SUMMARY_TREND_STATS } from './profiles.js';

const RATE = parseFloat(__ENV.CHAOS_RATE || '10');
const DURATION = __ENV.CHAOS_DURATION || '60s';

/** One constant-arrival-rate scenario named `chaos`; VUs enough for requests held ~10 s by a fault. */
export function chaosOptions(exec = 'chaos') {
  return {
    scenarios: {
      chaos: {
        executor: 'constant-arrival-rate',
        exec,
        rate: RATE,
        timeUnit: '1s',
        duration: DURATION,
        preAllocatedVUs: Math.max(4, Math.ceil(RATE * 2)),
        maxVUs: Math.max(20, Math.ceil(RATE * 15)),
        gracefulStop: '15s',
      },
    },
    // No thresholds: the bench grades the run (ledger, 5xx, recovery), not k6.
    summaryTrendStats: SUMMARY_TREND_STATS,
    setupTimeout: '120s',
  };
}

/** How long a client waits for an answer: a held request is an error the timeline shows. */
export const CHAOS_TIMEOUT = '10s';

/**
 * `chaos <unix ms> <op> <status> <retry-after|-> <duration ms> <key|-> <id|->`: status 0 when
 * no answer came (refused, reset, timed out). `key` is the client's own id for a write (the
 * ledger finds it in the service's data), `id` what the service answered.
 */
export function record(op, res, { key, id } = {}) {
  const retryAfter = res.headers && (res.headers['Retry-After'] || res.headers['retry-after']);
  recordAnswer(op, { status: res.status, retryAfter, durationMs: res.timings.duration }, { key, id });
}

const clean = (v) => (v === undefined || v === null || v === '' ? '-' : String(v).replace(/\s+/g, ''));

/** The same line for an answer that is not an HTTP response (a socket.io ack: its error's status, or 0). */
export function recordAnswer(op, { status, retryAfter, durationMs }, { key, id } = {}) {
  console.log(
    `chaos ${Date.now()} ${op} ${status} ${clean(retryAfter)} ${Math.round(durationMs)} ${clean(key)} ${clean(id)}`,
  );
}
