import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import { counter } from '@perflab/observability';
import { ApiError } from '@perflab/runtime';
import type { PrismaClient } from '../../auth.prisma';
import { PasswordHasher } from '../../passwords/password-hasher';
import { LoginThrottle } from '../../rate-limit/login-throttle';
import { TokenPairService, type TokenPair } from '../../tokens/token-pair.service';
import type { LoginRequest } from './login.request';

const logins = counter('auth_logins_total', 'Login attempts by outcome', ['outcome']);

@Injectable()
export class LoginService {
  constructor(
    @Inject(DATABASE) private readonly db: Database<PrismaClient>,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly tokens: TokenPairService,
  ) {}

  async login(request: LoginRequest, ip: string): Promise<TokenPair> {
    await this.throttle.beforeLogin(ip, request.email);
    const user = await this.db.client.user.findUnique({ where: { email: request.email } });
    // An unknown email costs the same argon2 work as a wrong password: no timing oracle.
    const valid = user
      ? await this.hasher.verify(user.passwordHash, request.password)
      : await this.hasher.burn(request.password);
    if (!user || !valid) {
      logins.inc({ outcome: 'invalid' });
      await this.throttle.loginFailed(ip, request.email);
      throw new ApiError(401, 'INVALID_CREDENTIALS', 'Invalid email or password');
    }
    await this.throttle.loginSucceeded(ip, request.email);
    logins.inc({ outcome: 'ok' });
    return this.tokens.issue(user);
  }
}
