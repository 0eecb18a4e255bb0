import { pauseStackCapture } from '@perflab/observability';

/** Why a token was refused. All of them mean 401 to the caller. */
export type TokenErrorCode = 'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

/** A refusal, not a fault: it captures no stack (see pauseStackCapture; every bad token would pay for one). */
export class TokenError extends Error {
  readonly status = 401;
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    const resume = pauseStackCapture();
    super(message);
    resume();
    this.name = 'TokenError';
  }
}
