import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import { counter } from '@perflab/observability';
import { ApiError } from '@perflab/runtime';
import type { PrismaClient } from '../../auth.prisma';
import { hashOpaqueToken, newOpaqueToken } from '../../tokens/opaque-token';
import { TokenPairService, type TokenPair } from '../../tokens/token-pair.service';

const refreshes = counter('auth_token_refreshes_total', 'Refresh attempts by outcome', ['outcome']);

const invalid = () => new ApiError(401, 'INVALID_REFRESH_TOKEN', 'Refresh token is invalid or expired');

/**
 * Rotation: each refresh token works once and is replaced by a new one of the same
 * family. Presenting an already-used (or logged-out) token means it leaked, so the whole
 * family is revoked: the thief and the user are both logged out of that session.
 */
@Injectable()
export class RefreshTokenService {
  constructor(
    @Inject(DATABASE) private readonly db: Database<PrismaClient>,
    private readonly tokens: TokenPairService,
  ) {}

  async refresh(presented: string): Promise<TokenPair> {
    const db = this.db.client;
    const row = await db.refreshToken.findUnique({
      where: { tokenHash: hashOpaqueToken(presented) },
      include: { user: true },
    });
    if (!row) throw this.fail('unknown', invalid());
    if (row.revokedAt) {
      await this.revokeFamily(row.familyId);
      throw this.fail(
        'reused',
        new ApiError(401, 'REFRESH_TOKEN_REUSED', 'Refresh token was already used; session revoked'),
      );
    }
    if (row.expiresAt.getTime() <= Date.now()) throw this.fail('expired', invalid());

    const next = newOpaqueToken();
    const nextId = randomUUID();
    const claimed = await db.$transaction(async (tx) => {
      // Conditional claim: of two concurrent refreshes with one token, only one wins.
      const { count } = await tx.refreshToken.updateMany({
        where: { id: row.id, revokedAt: null },
        data: { revokedAt: new Date(), replacedById: nextId },
      });
      if (count === 1)
        await tx.refreshToken.create({ data: this.tokens.refreshRow(row.userId, row.familyId, next, nextId) });
      return count === 1;
    });
    if (!claimed) {
      await this.revokeFamily(row.familyId);
      throw this.fail(
        'reused',
        new ApiError(401, 'REFRESH_TOKEN_REUSED', 'Refresh token was already used; session revoked'),
      );
    }
    refreshes.inc({ outcome: 'ok' });
    return this.tokens.pair(row.user, next);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db.client.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }

  private fail(outcome: string, error: ApiError): ApiError {
    refreshes.inc({ outcome });
    return error;
  }
}
