import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import { PeriodicJob } from '@perflab/runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { idempotencyKeysExpiredTotal } from '../notifications.metrics';
import type { PrismaClient } from '../notifications.prisma';

/**
 * Deletes Idempotency-Key rows past their expiry (IDEMPOTENCY_KEY_TTL_SECONDS), a batch per
 * statement so no statement holds many locks. SKIP LOCKED passes over a row a request is
 * re-using at that moment; every process runs it, and they take disjoint rows.
 */
@Injectable()
export class ExpiredIdempotencyKeysJob extends PeriodicJob {
  private readonly db: PrismaClient;

  constructor(
    @Inject(DATABASE) database: Database<PrismaClient>,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    super({ name: 'idempotency-keys-cleanup', intervalMs: config.IDEMPOTENCY_CLEANUP_INTERVAL_MS, enabled: true });
    this.db = database.client;
  }

  protected run(): Promise<unknown> {
    return this.deleteExpired();
  }

  /** Until none is left; resolves with how many rows were deleted. */
  async deleteExpired(): Promise<number> {
    const batch = this.config.IDEMPOTENCY_CLEANUP_BATCH;
    let total = 0;
    for (;;) {
      const deleted = await this.db.$executeRaw`
        DELETE FROM idempotency_keys WHERE (user_id, key) IN (
          SELECT user_id, key FROM idempotency_keys WHERE expires_at < now()
          ORDER BY expires_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      idempotencyKeysExpiredTotal.inc(deleted);
      total += deleted;
      if (deleted < batch) return total;
    }
  }
}
