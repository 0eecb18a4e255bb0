import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '@perflab/cache';
import { backoffSeconds, type Backoff } from './backoff';
import { consumeOrThrow, limiter, retryAfter } from './limiter';
import { RateLimitedError } from './rate-limited.error';

export interface LoginLimits {
  enabled: boolean;
  windowSeconds: number;
  loginPerIp: number;
  /** Login attempts per account per window, from sources that have not logged into it before. */
  loginPerAccount: number;
  /** Growing delay per (account, source) after consecutive failed logins. */
  backoff: Backoff;
  /** How long a source's failures for an account are remembered without a new one. */
  failureMemorySeconds: number;
  /** Failed logins per account from all sources within accountFailureWindowSeconds ... */
  failuresPerAccount: number;
  accountFailureWindowSeconds: number;
  /** ... after which only sources it logged in from within this time still get through. */
  trustedSourceSeconds: number;
}

/** Far more than any real count: the failure counter only counts, its window forgets. */
const UNLIMITED = 1_000_000_000;

const throttled = (seconds: number) =>
  new RateLimitedError('LOGIN_THROTTLED', 'Too many failed logins; retry later', seconds);

/**
 * Brute-force protection without a lock anyone can trigger (OWASP Authentication Cheat
 * Sheet: throttle per account and per source). Each (account, source IP) pair gets an
 * exponentially growing delay after a few consecutive failures, reset by a success, so a
 * guesser on one source is slowed to a crawl while the owner on any other source logs in
 * as usual. An attack spread over many sources is caught by a much higher per-account
 * failure limit; while it holds, sources the account logged in from recently still get
 * through. Unknown emails are throttled the same way, so nothing tells which accounts exist.
 */
export class LoginThrottle {
  private readonly perIp: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;
  private readonly pairFailures: RateLimiterAbstract;
  private readonly pairDelay: RateLimiterAbstract;
  private readonly accountFailures: RateLimiterAbstract;
  private readonly trustedSources: RateLimiterAbstract;

  constructor(
    redis: RedisClient,
    private readonly limits: LoginLimits,
    prefix = 'auth:rl',
  ) {
    const p = `${prefix}:login`;
    this.perIp = limiter(redis, `${p}:ip`, limits.loginPerIp, limits.windowSeconds);
    this.perAccount = limiter(redis, `${p}:account`, limits.loginPerAccount, limits.windowSeconds);
    this.pairFailures = limiter(redis, `${p}:pair:failures`, UNLIMITED, limits.failureMemorySeconds);
    // Only ever set with block(): one point, so a blocked key reads as over the limit.
    this.pairDelay = limiter(redis, `${p}:pair:delay`, 1, 1);
    this.accountFailures = limiter(
      redis,
      `${p}:account:failures`,
      limits.failuresPerAccount,
      limits.accountFailureWindowSeconds,
    );
    this.trustedSources = limiter(redis, `${p}:trusted`, 1, limits.trustedSourceSeconds);
  }

  /** Refuses a throttled attempt before any password work is spent on it. */
  async beforeLogin(ip: string, email: string): Promise<void> {
    if (!this.limits.enabled) return;
    await consumeOrThrow(this.perIp, ip);
    const pair = pairKey(ip, email);
    const [delay, trusted, failures] = await Promise.all([
      this.pairDelay.get(pair),
      this.trustedSources.get(pair),
      this.accountFailures.get(email),
    ]);
    if (isOver(delay, 1)) throw throttled(retryAfter(delay));
    if ((trusted?.consumedPoints ?? 0) > 0) return;
    if (isOver(failures, this.limits.failuresPerAccount - 1)) throw throttled(retryAfter(failures));
    await consumeOrThrow(this.perAccount, email);
  }

  /** Counts a failed login and delays the pair's next one. The caller answers 401 as usual. */
  async loginFailed(ip: string, email: string): Promise<void> {
    if (!this.limits.enabled) return;
    const pair = pairKey(ip, email);
    await Promise.all([
      bestEffort(async () => {
        const counted = await this.pairFailures.penalty(pair);
        const seconds = backoffSeconds(counted.consumedPoints, this.limits.backoff);
        if (seconds > 0) await this.pairDelay.block(pair, seconds);
      }),
      bestEffort(() => this.accountFailures.penalty(email)),
    ]);
  }

  /**
   * A success resets the pair and makes the source trusted for the account. The account's
   * failure count is left to expire: the owner logging in must not reopen the door to a
   * guesser spread over many sources.
   */
  async loginSucceeded(ip: string, email: string): Promise<void> {
    if (!this.limits.enabled) return;
    const pair = pairKey(ip, email);
    await Promise.all([
      bestEffort(() => this.pairFailures.delete(pair)),
      bestEffort(() => this.pairDelay.delete(pair)),
      bestEffort(() => this.trustedSources.set(pair, 1, this.limits.trustedSourceSeconds)),
    ]);
  }
}

function pairKey(ip: string, email: string): string {
  return `${ip}/${email}`;
}

/** True when the key has used more than `points` and its window has not ended. */
function isOver(res: RateLimiterRes | null, points: number): res is RateLimiterRes {
  return res !== null && res.consumedPoints > points && res.msBeforeNext > 0;
}

/**
 * Bookkeeping after the password was checked must not turn that answer into a 5xx:
 * block() and set() have no insurance limiter, so with Redis down they reject.
 */
async function bestEffort(operation: () => Promise<unknown>): Promise<void> {
  await operation().catch(() => undefined);
}
