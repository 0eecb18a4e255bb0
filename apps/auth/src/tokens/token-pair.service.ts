import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import { AUTH_CONFIG, type AuthConfig } from '../auth.config';
import type { PrismaClient, User } from '../auth.prisma';
import { AccessTokenIssuer } from './access-token.issuer';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token';
import type { TokenPair } from './token-pair.response';

export type { TokenPair } from './token-pair.response';

type Db = Pick<PrismaClient, 'refreshToken'>;

/** Issues an access token and a refresh token in a family (new family on login). */
@Injectable()
export class TokenPairService {
  constructor(
    @Inject(DATABASE) private readonly db: Database<PrismaClient>,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly issuer: AccessTokenIssuer,
  ) {}

  async issue(
    user: Pick<User, 'id' | 'email' | 'role' | 'companyId'>,
    familyId = randomUUID(),
    tx: Db = this.db.client,
  ): Promise<TokenPair> {
    const refreshToken = newOpaqueToken();
    await tx.refreshToken.create({ data: this.refreshRow(user.id, familyId, refreshToken) });
    return this.pair(user, refreshToken);
  }

  refreshRow(userId: string, familyId: string, token: string, id: string = randomUUID()) {
    return {
      id,
      userId,
      familyId,
      tokenHash: hashOpaqueToken(token),
      expiresAt: new Date(Date.now() + this.config.JWT_REFRESH_TTL_SECONDS * 1000),
    };
  }

  async pair(user: Pick<User, 'id' | 'email' | 'role' | 'companyId'>, refreshToken: string): Promise<TokenPair> {
    return {
      access_token: await this.issuer.issue({
        id: user.id,
        email: user.email,
        role: user.role,
        ...(user.companyId ? { companyId: user.companyId } : {}),
      }),
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: this.issuer.expiresIn,
    };
  }
}
