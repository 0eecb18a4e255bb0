import { CanActivate, ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../authenticated-user';
import { TokenError } from '../token-error';
import { bearerToken, type TokenVerifier } from '../token-verifier';
import { ROLES_KEY, TOKEN_VERIFIER } from './auth-guard.tokens';
import type { RequestWithUser } from './current-user.decorator';

/**
 * 401 for a missing, expired or forged bearer token; 403 when the token is good but its
 * role is not among `@Roles(...)`. Errors carry the platform's JSON shape
 * `{status, code, message}` so the global error mapping passes them through.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithUser>();
    try {
      request.user = await this.verifier.verify(bearerToken(request.headers.authorization));
    } catch (error) {
      if (error instanceof TokenError) {
        throw new HttpException({ status: 401, code: error.code, message: error.message }, 401);
      }
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles?.length && !roles.includes(request.user.role)) {
      throw new HttpException({ status: 403, code: 'FORBIDDEN', message: 'Insufficient role' }, 403);
    }
    return true;
  }
}
