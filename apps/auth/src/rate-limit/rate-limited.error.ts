import { ApiError } from '@perflab/runtime';

/** 429 with Retry-After (set by RateLimitedFilter): too many attempts, or too many failed logins. */
export class RateLimitedError extends ApiError {
  constructor(
    code: 'RATE_LIMITED' | 'LOGIN_THROTTLED',
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, code, message);
    this.name = 'RateLimitedError';
  }
}
