import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '@perflab/cache';
import { RateLimitedError } from './rate-limited.error';

export interface AuthRateLimits {
  enabled: boolean;
  windowSeconds: number;
  registerPerIp: number;
  registerPerAccount: number;
  loginPerIp: number;
  loginPerAccount: number;
  lockoutThreshold: number;
  lockoutWindowSeconds: number;
  lockoutDurationSeconds: number;
}

/**
 * Fixed windows in Redis, shared by every worker and instance. If Redis is down, each
 * process falls back to an in-memory limiter with the same limits (the insurance
 * limiter), so the limits loosen by the number of processes instead of vanishing.
 */
function limiter(
  redis: RedisClient,
  keyPrefix: string,
  points: number,
  duration: number,
  blockDuration = 0,
): RateLimiterAbstract {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration,
    blockDuration,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration, blockDuration }),
  });
}

const retryAfter = (res: RateLimiterRes) => Math.ceil(res.msBeforeNext / 1000);

/**
 * Register and login limits per client IP and per account (email), and the lockout:
 * after `lockoutThreshold` failed logins for one email within the window, that email is
 * locked for `lockoutDurationSeconds` (429 ACCOUNT_LOCKED). The lockout counts failures
 * for unknown emails too, so it says nothing about which accounts exist.
 */
export class AuthRateLimiter {
  private readonly registerIp: RateLimiterAbstract;
  private readonly registerAccount: RateLimiterAbstract;
  private readonly loginIp: RateLimiterAbstract;
  private readonly loginAccount: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;

  constructor(
    redis: RedisClient,
    private readonly limits: AuthRateLimits,
    prefix = 'auth:rl',
  ) {
    const w = limits.windowSeconds;
    this.registerIp = limiter(redis, `${prefix}:register:ip`, limits.registerPerIp, w);
    this.registerAccount = limiter(redis, `${prefix}:register:account`, limits.registerPerAccount, w);
    this.loginIp = limiter(redis, `${prefix}:login:ip`, limits.loginPerIp, w);
    this.loginAccount = limiter(redis, `${prefix}:login:account`, limits.loginPerAccount, w);
    this.failures = limiter(
      redis,
      `${prefix}:login:failures`,
      // The threshold-th failure is the first over the limit, which starts the block.
      limits.lockoutThreshold - 1,
      limits.lockoutWindowSeconds,
      limits.lockoutDurationSeconds,
    );
  }

  async beforeRegister(ip: string, email: string): Promise<void> {
    if (!this.limits.enabled) return;
    await this.consume(this.registerIp, ip);
    await this.consume(this.registerAccount, email);
  }

  /** Refuses a locked account before any password work is spent on it. */
  async beforeLogin(ip: string, email: string): Promise<void> {
    if (!this.limits.enabled) return;
    await this.consume(this.loginIp, ip);
    const failures = await this.failures.get(email);
    if (failures && failures.consumedPoints >= this.limits.lockoutThreshold && failures.msBeforeNext > 0) {
      throw locked(retryAfter(failures));
    }
    await this.consume(this.loginAccount, email);
  }

  /** Counts a failed login. Returns without error: the caller answers 401 as usual. */
  async loginFailed(email: string): Promise<void> {
    if (!this.limits.enabled) return;
    await this.failures.consume(email).catch(() => undefined);
  }

  async loginSucceeded(email: string): Promise<void> {
    if (!this.limits.enabled) return;
    await this.failures.delete(email).catch(() => undefined);
  }

  private async consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new RateLimitedError('RATE_LIMITED', 'Too many requests; retry later', retryAfter(error));
      }
      throw error;
    }
  }
}

function locked(seconds: number): RateLimitedError {
  return new RateLimitedError('ACCOUNT_LOCKED', 'Too many failed logins; this account is locked for a while', seconds);
}
