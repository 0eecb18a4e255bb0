import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import { counter } from '@perflab/observability';
import { ApiError } from '@perflab/runtime';
import { AUTH_CONFIG, type AuthConfig } from '../../auth.config';
import type { PrismaClient, RefreshToken, User } from '../../auth.prisma';
import { hashOpaqueToken, newOpaqueToken } from '../../tokens/opaque-token';
import { TokenPairService, type TokenPair } from '../../tokens/token-pair.service';

const refreshes = counter('auth_token_refreshes_total', 'Refresh attempts by outcome', ['outcome']);

const invalid = () => new ApiError(401, 'INVALID_REFRESH_TOKEN', 'Refresh token is invalid or expired');
const reused = () => new ApiError(401, 'REFRESH_TOKEN_REUSED', 'Refresh token was already used; session revoked');

/**
 * Rotation: each refresh token works once and is replaced by a new one of the same
 * family. Presenting an already-used token means it leaked, so the whole family is
 * revoked: the thief and the user are both logged out of that session. Except within
 * REFRESH_REUSE_GRACE_SECONDS of its rotation, while its family is still live: that is
 * two tabs (or a retry after a lost response) racing, not theft, so the late one gets a
 * fresh token of the same family. A logged-out token has no grace.
 */
@Injectable()
export class RefreshTokenService {
  constructor(
    @Inject(DATABASE) private readonly db: Database<PrismaClient>,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly tokens: TokenPairService,
  ) {}

  async refresh(presented: string): Promise<TokenPair> {
    const db = this.db.client;
    const row = await db.refreshToken.findUnique({
      where: { tokenHash: hashOpaqueToken(presented) },
      include: { user: true },
    });
    if (!row) throw this.fail('unknown', invalid());
    if (row.revokedAt) return this.presentedAgain(row, row.user);
    if (row.expiresAt.getTime() <= Date.now()) throw this.fail('expired', invalid());

    const next = newOpaqueToken();
    const nextId = randomUUID();
    const claimed = await db.$transaction(async (tx) => {
      // Conditional claim: of two concurrent refreshes with one token, only one rotates it.
      const { count } = await tx.refreshToken.updateMany({
        where: { id: row.id, revokedAt: null },
        data: { revokedAt: new Date(), replacedById: nextId },
      });
      if (count === 1)
        await tx.refreshToken.create({ data: this.tokens.refreshRow(row.userId, row.familyId, next, nextId) });
      return count === 1;
    });
    if (!claimed) {
      // The other request rotated it a moment ago: read how, then treat this one as presented again.
      const rotated = await db.refreshToken.findUniqueOrThrow({ where: { id: row.id } });
      return this.presentedAgain(rotated, row.user);
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

  /** A used token again: a fresh token of its family within the grace window, else reuse. */
  private async presentedAgain(row: RefreshToken, user: User): Promise<TokenPair> {
    const next = newOpaqueToken();
    const granted = this.inGraceWindow(row) && (await this.issueInLiveFamily(row, next));
    if (granted) {
      refreshes.inc({ outcome: 'grace' });
      return this.tokens.pair(user, next);
    }
    await this.revokeFamily(row.familyId);
    throw this.fail('reused', reused());
  }

  /** Rotated (not logged out or revoked with its family) within the last grace seconds. */
  private inGraceWindow(row: RefreshToken): boolean {
    if (!row.revokedAt || !row.replacedById) return false;
    return Date.now() - row.revokedAt.getTime() < this.config.REFRESH_REUSE_GRACE_SECONDS * 1000;
  }

  /** Adds `token` to the family if the family still has a live token (not logged out, not revoked). */
  private issueInLiveFamily(row: RefreshToken, token: string): Promise<boolean> {
    return this.db.client.$transaction(async (tx) => {
      const live = await tx.refreshToken.count({
        where: { familyId: row.familyId, revokedAt: null, expiresAt: { gt: new Date() } },
      });
      if (live === 0) return false;
      await tx.refreshToken.create({ data: this.tokens.refreshRow(row.userId, row.familyId, token) });
      return true;
    });
  }

  private fail(outcome: string, error: ApiError): ApiError {
    refreshes.inc({ outcome });
    return error;
  }
}
