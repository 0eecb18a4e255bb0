import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import type { PrismaClient } from '../../auth.prisma';
import { hashOpaqueToken } from '../../tokens/opaque-token';

/**
 * Ends the session the refresh token belongs to (its whole family). Answers the same
 * whether or not the token was known, so it cannot be used to probe tokens.
 * Access tokens already issued stay valid until they expire (JWT_ACCESS_TTL_SECONDS).
 */
@Injectable()
export class LogoutService {
  constructor(@Inject(DATABASE) private readonly db: Database<PrismaClient>) {}

  async logout(presented: string): Promise<void> {
    const db = this.db.client;
    const row = await db.refreshToken.findUnique({
      where: { tokenHash: hashOpaqueToken(presented) },
      select: { familyId: true },
    });
    if (!row) return;
    await db.refreshToken.updateMany({
      where: { familyId: row.familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
}
