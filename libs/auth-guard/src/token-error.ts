/** Why a token was refused. All of them mean 401 to the caller. */
export type TokenErrorCode = 'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

export class TokenError extends Error {
  readonly status = 401;
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}
