import { Injectable, Logger } from '@nestjs/common';
import { recommendationsServedTotal } from '../recommendations.metrics';
import { BehaviorRepository } from '../shared/behavior.repository';
import { Catalogue } from '../shared/catalogue';
import { PopularSnapshot } from '../shared/popular-snapshot';
import type { RecommendationSource, RecommendedItem, Recommendations } from '../shared/product.model';
import { RecommendationModel } from '../shared/recommendation.model';

/**
 * Served from Redis in one round trip (the RECOMMEND script: neighbours of the recent items
 * minus purchases, filled from popularity, with the products' fields). When Redis does not
 * answer, the fallback: the popularity snapshot this process keeps in memory (refreshed by the
 * hot-data job from Redis, or from the Postgres history while Redis is down), minus the
 * user's purchases from Postgres, `source: "fallback"`. Every request tries Redis first, so
 * answers are personal again as soon as it is back.
 */
@Injectable()
export class GetRecommendationsService {
  private readonly logger = new Logger(GetRecommendationsService.name);
  private lastFallbackLog = 0;

  constructor(
    private readonly model: RecommendationModel,
    private readonly catalogue: Catalogue,
    private readonly snapshot: PopularSnapshot,
    private readonly behavior: BehaviorRepository,
  ) {}

  async recommend(userId: string, limit: number): Promise<Recommendations> {
    let answer;
    try {
      answer = await this.model.recommend(userId, limit);
    } catch (error) {
      return this.fallback(userId, limit, error);
    }
    const items: RecommendedItem[] = [];
    for (const { id, score, reason, product } of answer.items) {
      const fields = product ?? this.catalogue.get(id);
      if (fields) items.push({ ...fields, id, score, reason });
    }
    const source = sourceOf(items);
    recommendationsServedTotal.inc({ source });
    return { userId, source, items };
  }

  private async fallback(userId: string, limit: number, error: unknown): Promise<Recommendations> {
    if (Date.now() - this.lastFallbackLog > 10_000) {
      this.lastFallbackLog = Date.now();
      this.logger.warn(`Redis unavailable, answering from the popularity snapshot: ${(error as Error).message}`);
    }
    const bought = await this.behavior.purchasesOf(userId);
    const items: RecommendedItem[] = [];
    for (const { productId, score } of this.snapshot.items) {
      if (items.length >= limit) break;
      const fields = this.catalogue.get(productId);
      if (fields && !bought.has(productId)) items.push({ ...fields, score, reason: 'popular' });
    }
    recommendationsServedTotal.inc({ source: 'fallback' });
    return { userId, source: 'fallback', items };
  }
}

function sourceOf(items: RecommendedItem[]): RecommendationSource {
  const personal = items.filter((i) => i.reason === 'co').length;
  if (personal === 0) return 'popular';
  return personal === items.length ? 'personal' : 'mixed';
}
