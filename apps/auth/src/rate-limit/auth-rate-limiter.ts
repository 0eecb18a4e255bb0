import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '@perflab/cache';
import { consumeOrThrow, limiter } from './limiter';

export interface RegisterRateLimits {
  enabled: boolean;
  windowSeconds: number;
  registerPerIp: number;
  registerPerAccount: number;
}

/** Register limits per client IP and per account (email). Logins have their own: LoginThrottle. */
export class AuthRateLimiter {
  private readonly registerIp: RateLimiterAbstract;
  private readonly registerAccount: RateLimiterAbstract;

  constructor(
    redis: RedisClient,
    private readonly limits: RegisterRateLimits,
    prefix = 'auth:rl',
  ) {
    const w = limits.windowSeconds;
    this.registerIp = limiter(redis, `${prefix}:register:ip`, limits.registerPerIp, w);
    this.registerAccount = limiter(redis, `${prefix}:register:account`, limits.registerPerAccount, w);
  }

  async beforeRegister(ip: string, email: string): Promise<void> {
    if (!this.limits.enabled) return;
    await consumeOrThrow(this.registerIp, ip);
    await consumeOrThrow(this.registerAccount, email);
  }
}
