import CircuitBreaker from 'opossum';
import { counter, counterSeries, gauge, type CounterSeries } from '@perflab/observability';

export interface BreakerOptions {
  /** A call slower than this counts as a failure and is abandoned. */
  timeoutMs?: number;
  /** Open when this share of calls in the rolling window failed. */
  errorThresholdPercentage?: number;
  /** Minimum calls in the window before the breaker may open. */
  volumeThreshold?: number;
  /** How long to stay open before letting one trial call through. */
  resetTimeoutMs?: number;
  rollingCountTimeoutMs?: number;
  /** Errors for which this returns true do not count against the dependency (e.g. a unique violation). */
  isCallerError?: (error: unknown) => boolean;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

const stateGauge = gauge('circuit_breaker_state', 'Circuit breaker state: 0 closed, 1 half-open, 2 open', ['breaker']);
const events = counter('circuit_breaker_events_total', 'Circuit breaker events by kind', ['breaker', 'event']);

/** Raised instead of calling the dependency while the breaker is open. */
export class BreakerOpenError extends Error {
  readonly retryable = true;
  constructor(readonly breaker: string) {
    super(`${breaker} is unavailable (circuit open)`);
    this.name = 'BreakerOpenError';
  }
}

/** Raised when a call took longer than the breaker's timeout. */
export class BreakerTimeoutError extends Error {
  readonly retryable = true;
  constructor(
    readonly breaker: string,
    timeoutMs: number,
  ) {
    super(`${breaker} did not answer within ${timeoutMs} ms`);
    this.name = 'BreakerTimeoutError';
  }
}

/**
 * One breaker per outbound dependency (Postgres, Redis, Kafka, a provider), shared by
 * every call to it: `redisBreaker.run(() => redis.get(key), () => undefined)`.
 * The timeout abandons the wait, not the operation itself: clients keep their own
 * socket timeouts so abandoned work ends too.
 */
export class DependencyBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly fallbacks: CounterSeries;

  constructor(
    readonly name: string,
    private readonly options: BreakerOptions = {},
  ) {
    this.breaker = new CircuitBreaker((operation: () => Promise<unknown>) => operation(), {
      timeout: options.timeoutMs ?? 3_000,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      volumeThreshold: options.volumeThreshold ?? 5,
      resetTimeout: options.resetTimeoutMs ?? 5_000,
      rollingCountTimeout: options.rollingCountTimeoutMs ?? 10_000,
      errorFilter: options.isCallerError,
      // Nobody reads opossum's latency percentiles or its per-second snapshot, and the
      // snapshot sorts every latency in the window once a second: off.
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    this.fallbacks = counterSeries(events, { breaker: name, event: 'fallback' });
    stateGauge.set({ breaker: name }, STATE_VALUE.closed);
    const track = (event: string, state?: BreakerState) => {
      const series = counterSeries(events, { breaker: name, event });
      this.breaker.on(event as 'success', () => {
        series.inc();
        if (state) stateGauge.set({ breaker: name }, STATE_VALUE[state]);
      });
    };
    track('success');
    track('failure');
    track('timeout');
    track('reject');
    track('open', 'open');
    track('halfOpen', 'half_open');
    track('close', 'closed');
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half_open' : 'closed';
  }

  /**
   * Runs `operation` through the breaker. With a `fallback`, any breaker refusal,
   * timeout or failure answers from the fallback instead of throwing.
   */
  async run<T>(operation: () => Promise<T>, fallback?: (error: unknown) => T | Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(operation)) as T;
    } catch (raw) {
      const error = this.translate(raw);
      if (fallback && !this.options.isCallerError?.(raw)) {
        this.fallbacks.inc();
        return fallback(error);
      }
      throw error;
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private translate(error: unknown): unknown {
    const code = (error as { code?: string })?.code;
    if (code === 'EOPENBREAKER') return new BreakerOpenError(this.name);
    if (code === 'ETIMEDOUT' && (error as Error).message?.startsWith('Timed out after'))
      return new BreakerTimeoutError(this.name, this.options.timeoutMs ?? 3_000);
    return error;
  }
}
