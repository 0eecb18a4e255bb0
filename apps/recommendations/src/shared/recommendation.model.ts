import { Inject, Injectable } from '@nestjs/common';
import { REDIS, type RedisClient } from '@perflab/cache';
import type { UserBehavior, UserBehaviorAction } from '@perflab/contracts';
import { RECOMMENDATIONS_CONFIG, type RecommendationsConfig } from '../recommendations.config';
import type { Product, RecommendedItem } from './product.model';
import { recoKeys, type RecoKeys } from './reco.keys';
import { APPLY_BEHAVIOR, RECOMMEND, REBASE_POPULARITY } from './reco.scripts';
import { RedisScript } from './redis-script';

const HOUR_MS = 3_600_000;
/** Popularity scores are rebased after this many half-lives (2^40 ≈ 1e12: far from a double's limits). */
const MAX_HALF_LIVES = 40;

const applyBehavior = new RedisScript(APPLY_BEHAVIOR);
const recommend = new RedisScript(RECOMMEND);
const rebasePopularity = new RedisScript(REBASE_POPULARITY);

/** What the RECOMMEND script answers, before the product fields are filled in. */
export interface ModelAnswer {
  items: (Omit<RecommendedItem, keyof Product> & { id: string; product?: Product })[];
}

/**
 * The recommendation model in Redis (keys in reco.keys.ts): per-user recent items and
 * purchases, item-to-item co-occurrence weighted by action, time-decayed popularity. All
 * reads and writes go through the scripts, one round trip each.
 */
@Injectable()
export class RecommendationModel {
  readonly keys: RecoKeys;
  private readonly weights: Record<UserBehaviorAction, number>;
  private readonly halfLifeMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(RECOMMENDATIONS_CONFIG) private readonly config: RecommendationsConfig,
  ) {
    this.keys = recoKeys(config.REDIS_KEY_PREFIX);
    this.weights = {
      view: config.WEIGHT_VIEW,
      add_to_cart: config.WEIGHT_ADD_TO_CART,
      purchase: config.WEIGHT_PURCHASE,
    };
    this.halfLifeMs = config.POPULARITY_HALF_LIFE_HOURS * HOUR_MS;
  }

  /** Applies a behaviour once; false when this event id was already applied (a redelivery). */
  async apply(event: UserBehavior): Promise<boolean> {
    const k = this.keys;
    const applied = await applyBehavior.run<number>(
      this.redis,
      [k.seen(event.eventId), k.recent(event.userId), k.bought(event.userId), k.popularity, k.popEpoch],
      [
        event.productId,
        this.weights[event.action],
        Date.parse(event.at),
        k.coPrefix,
        this.config.RECENT_ITEMS,
        this.halfLifeMs,
        this.config.DEDUP_TTL_SECONDS,
        this.config.NEIGHBOURS_KEPT,
        event.action === 'purchase' ? '1' : '0',
        this.config.CO_OCCURRENCE_WINDOW,
      ],
    );
    return applied === 1;
  }

  async recommend(userId: string, limit: number, now = Date.now()): Promise<ModelAnswer> {
    const k = this.keys;
    const [ids, scores, reasons, products] = await recommend.run<[string[], string[], string[], (string | null)[]]>(
      this.redis,
      [k.recent(userId), k.bought(userId), k.popularity, k.popEpoch, k.products],
      [k.coPrefix, limit, this.config.RECENT_ITEMS_USED, this.config.NEIGHBOURS_PER_ITEM, now, this.halfLifeMs],
    );
    return {
      items: ids.map((id, i) => ({
        id,
        score: Number(scores[i]),
        reason: reasons[i] as RecommendedItem['reason'],
        product: products[i] ? (JSON.parse(products[i]) as Product) : undefined,
      })),
    };
  }

  /** The most popular products with their decayed scores, best first (for the Redis-down snapshot). */
  async topPopular(count: number, now = Date.now()): Promise<{ productId: string; score: number }[]> {
    const [flat, epoch] = await Promise.all([
      this.redis.zrevrange(this.keys.popularity, 0, count - 1, 'WITHSCORES'),
      this.redis.get(this.keys.popEpoch),
    ]);
    const scale = 2 ** ((Number(epoch ?? now) - now) / this.halfLifeMs);
    const items: { productId: string; score: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) items.push({ productId: flat[i], score: Number(flat[i + 1]) * scale });
    return items;
  }

  /** Writes the catalogue into the products hash (what answers read their fields from). */
  async preloadProducts(products: Product[]): Promise<void> {
    for (let i = 0; i < products.length; i += 1_000) {
      const slice = products.slice(i, i + 1_000);
      await this.redis.hset(this.keys.products, Object.fromEntries(slice.map((p) => [p.id, JSON.stringify(p)])));
    }
  }

  /** Rebases popularity when due; resolves with the half-lives it moved (0 usually). */
  rebasePopularity(now = Date.now()): Promise<number> {
    return rebasePopularity.run<number>(
      this.redis,
      [this.keys.popularity, this.keys.popEpoch],
      [now, this.halfLifeMs, MAX_HALF_LIVES],
    );
  }

  /** False after Redis lost its data (restart without persistence, flush): the model must be rebuilt. */
  async isBuilt(): Promise<boolean> {
    return (await this.redis.exists(this.keys.built)) === 1;
  }

  /** Marks an (even empty) model as built, so an empty shop is not rebuilt every interval. */
  async markBuilt(): Promise<void> {
    await this.redis.set(this.keys.built, '1');
  }

  /** Releases a job's lock if this process holds it. */
  async unlock(job: string): Promise<void> {
    const key = this.keys.lock(job);
    if ((await this.redis.get(key).catch(() => null)) === String(process.pid)) await this.redis.del(key).catch(() => 0);
  }

  /** Takes a job's lock for ttlSeconds; false when another process holds it. */
  async tryLock(job: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(this.keys.lock(job), String(process.pid), 'EX', ttlSeconds, 'NX')) === 'OK';
  }
}
