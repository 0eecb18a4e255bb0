import { ApiError } from '@perflab/runtime';

/** 429 with Retry-After (set by RateLimitedFilter): too many attempts, or a locked account. */
export class RateLimitedError extends ApiError {
  constructor(
    code: 'RATE_LIMITED' | 'ACCOUNT_LOCKED',
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, code, message);
    this.name = 'RateLimitedError';
  }
}
