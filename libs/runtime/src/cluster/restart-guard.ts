import { backoffDelay } from '@perflab/resilience';

export interface RestartGuardOptions {
  /** Give up when this many workers died within `windowMs`. Default 5. */
  maxDeaths?: number;
  /** Default 60 s. */
  windowMs?: number;
  /** First restart delay; doubles with each recent death (±20 % jitter). Default 100 ms. */
  baseDelayMs?: number;
  /** Cap on the restart delay. Default 5 s. */
  maxDelayMs?: number;
  /** Test seam for the jitter; defaults to Math.random. */
  random?: () => number;
}

export type RestartDecision =
  | { action: 'restart'; delayMs: number; recentDeaths: number }
  | { action: 'give-up'; recentDeaths: number; windowMs: number };

/**
 * Decides what to do when a worker dies: restart it after a backoff that grows
 * with recent deaths, or give up when they come too fast (a crash loop: bad
 * config, a dependency that kills the process) instead of burning the CPU forking.
 * The delay is the shared backoffDelay: its jitter keeps workers that died together (one
 * dependency killing them all) from being forked in the same instant.
 */
export class RestartGuard {
  private deaths: number[] = [];
  private readonly maxDeaths: number;
  private readonly windowMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(options: RestartGuardOptions = {}) {
    this.maxDeaths = options.maxDeaths ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.random = options.random ?? Math.random;
  }

  recordDeath(now = Date.now()): RestartDecision {
    this.deaths = this.deaths.filter((at) => now - at < this.windowMs);
    this.deaths.push(now);
    const recentDeaths = this.deaths.length;
    if (recentDeaths >= this.maxDeaths) return { action: 'give-up', recentDeaths, windowMs: this.windowMs };
    const delayMs = backoffDelay(recentDeaths, this.baseDelayMs, this.maxDelayMs, this.random);
    return { action: 'restart', delayMs, recentDeaths };
  }
}
