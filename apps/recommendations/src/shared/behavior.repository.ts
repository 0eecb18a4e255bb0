import { Inject, Injectable } from '@nestjs/common';
import type { UserBehavior } from '@perflab/contracts';
import { DATABASE, type Database } from '@perflab/database';
import { OUTBOX_INSERT_SQL, outboxJson, type OutboxEntry } from '@perflab/messaging';
import { RECOMMENDATIONS_CONFIG, type RecommendationsConfig } from '../recommendations.config';
import type { PrismaClient } from '../recommendations.prisma';

/** All SQL on behaviour: the outbox at acceptance, the history the consumer writes, the fallback's reads. */
@Injectable()
export class BehaviorRepository {
  private readonly database: Database<PrismaClient>;

  constructor(
    @Inject(DATABASE) database: Database<PrismaClient>,
    @Inject(RECOMMENDATIONS_CONFIG) private readonly config: RecommendationsConfig,
  ) {
    this.database = database;
  }

  /** Accepted behaviours' messages, one statement for many requests (the relay publishes them). */
  async insertOutbox(entries: OutboxEntry[]): Promise<void> {
    await this.database.pool.query(OUTBOX_INSERT_SQL, [outboxJson(entries)]);
  }

  /** History rows, one statement; a redelivered event (same id) is skipped. */
  async insertHistory(events: UserBehavior[]): Promise<void> {
    const rows = events.map((e) => ({
      id: e.eventId,
      user_id: e.userId,
      product_id: e.productId,
      action: e.action,
      at: e.at,
    }));
    await this.database.pool.query(
      `INSERT INTO behavior_events (id, user_id, product_id, action, at)
       SELECT id, user_id, product_id, action, at FROM jsonb_to_recordset($1::jsonb)
         AS x(id uuid, user_id text, product_id text, action "BehaviorAction", at timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Popularity from the history, for when Redis is unreachable: the same action weights and
   * half-life as the Redis model, over the last windowDays.
   */
  async popularFromHistory(limit: number): Promise<{ productId: string; score: number }[]> {
    const c = this.config;
    const { rows } = await this.database.pool.query<{ productId: string; score: string }>(
      `SELECT product_id AS "productId",
              sum(CASE action WHEN 'view' THEN $1::float8 WHEN 'add_to_cart' THEN $2::float8 ELSE $3::float8 END
                  * power(2, -extract(epoch FROM now() - at) / 3600 / $4::float8))::text AS score
         FROM behavior_events
        WHERE at > now() - make_interval(days => $5::int)
        GROUP BY product_id ORDER BY 2 DESC, 1 LIMIT $6`,
      [
        c.WEIGHT_VIEW,
        c.WEIGHT_ADD_TO_CART,
        c.WEIGHT_PURCHASE,
        c.POPULARITY_HALF_LIFE_HOURS,
        c.FALLBACK_WINDOW_DAYS,
        limit,
      ],
    );
    return rows.map((r) => ({ productId: r.productId, score: Number(r.score) }));
  }

  /** What a user bought (the fallback still leaves purchases out). */
  async purchasesOf(userId: string): Promise<Set<string>> {
    const { rows } = await this.database.pool.query<{ productId: string }>(
      `SELECT DISTINCT product_id AS "productId" FROM behavior_events WHERE user_id = $1 AND action = 'purchase' LIMIT 1000`,
      [userId],
    );
    return new Set(rows.map((r) => r.productId));
  }

  /** History in time order from a cursor, for rebuilding the model; empty when done. */
  async historyPage(since: Date, after: { at: string; id: string } | undefined, size: number): Promise<UserBehavior[]> {
    const { rows } = await this.database.pool.query<UserBehavior>(
      `SELECT id::text AS "eventId", user_id AS "userId", product_id AS "productId", action::text AS action,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM behavior_events
        WHERE at > $1 AND ($2::timestamptz IS NULL OR (at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY at, id LIMIT $4`,
      [since, after?.at ?? null, after?.id ?? null, size],
    );
    return rows;
  }
}
