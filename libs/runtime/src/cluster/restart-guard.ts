export interface RestartGuardOptions {
  /** Give up when this many workers died within `windowMs`. Default 5. */
  maxDeaths?: number;
  /** Default 60 s. */
  windowMs?: number;
  /** First restart delay; doubles with each recent death. Default 100 ms. */
  baseDelayMs?: number;
  /** Cap on the restart delay. Default 5 s. */
  maxDelayMs?: number;
}

export type RestartDecision =
  | { action: 'restart'; delayMs: number; recentDeaths: number }
  | { action: 'give-up'; recentDeaths: number; windowMs: number };

/**
 * Decides what to do when a worker dies: restart it after a backoff that grows
 * with recent deaths, or give up when they come too fast (a crash loop: bad
 * config, a dependency that kills the process) instead of burning the CPU forking.
 */
export class RestartGuard {
  private deaths: number[] = [];
  private readonly maxDeaths: number;
  private readonly windowMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(options: RestartGuardOptions = {}) {
    this.maxDeaths = options.maxDeaths ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
  }

  recordDeath(now = Date.now()): RestartDecision {
    this.deaths = this.deaths.filter((at) => now - at < this.windowMs);
    this.deaths.push(now);
    const recentDeaths = this.deaths.length;
    if (recentDeaths >= this.maxDeaths) return { action: 'give-up', recentDeaths, windowMs: this.windowMs };
    const delayMs = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (recentDeaths - 1));
    return { action: 'restart', delayMs, recentDeaths };
  }
}
