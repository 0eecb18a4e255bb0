export interface Backoff {
  /** Failures allowed before the first delay. */
  freeFailures: number;
  baseSeconds: number;
  maxSeconds: number;
}

/**
 * How long a source must wait after its `failures`-th consecutive failed login:
 * nothing for the first `freeFailures - 1`, then base, 2 × base, 4 × base … up to max.
 */
export function backoffSeconds(failures: number, { freeFailures, baseSeconds, maxSeconds }: Backoff): number {
  if (failures < freeFailures) return 0;
  // Capped exponent: 2 ** 1000 is Infinity, and min() would still give max, but stay finite.
  const doublings = Math.min(failures - freeFailures, 40);
  return Math.min(baseSeconds * 2 ** doublings, maxSeconds);
}
