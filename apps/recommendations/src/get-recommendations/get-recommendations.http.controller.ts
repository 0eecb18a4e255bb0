import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DescribeRoute } from '@perflab/openapi';
import { ValidatedParams, ZodValidationPipe } from '@perflab/runtime';
import { recommendationsResponse } from '../shared/recommendation.view';
import { RECOMMENDATIONS_CONFIG, type RecommendationsConfig } from '../recommendations.config';
import type { Recommendations } from '../shared/product.model';
import { recommendationsParams, recommendationsQuery, type RecommendationsParams } from './get-recommendations.request';
import { GetRecommendationsService } from './get-recommendations.service';

@Controller('api')
export class GetRecommendationsHttpController {
  private readonly query: ZodValidationPipe<ReturnType<typeof recommendationsQuery>>;

  constructor(
    private readonly service: GetRecommendationsService,
    @Inject(RECOMMENDATIONS_CONFIG) config: RecommendationsConfig,
  ) {
    this.query = new ZodValidationPipe(recommendationsQuery(config.LIMIT_DEFAULT, config.LIMIT_MAX), 'query');
  }

  /** The user's top items with their product fields; `source` says how they were chosen. */
  @Get('recommendations/:userId')
  @DescribeRoute({
    summary: "A user's top items with their product fields (neighbours of their recent items, then popular)",
    query: (self: GetRecommendationsHttpController) => self.query.schema,
    responses: { 200: recommendationsResponse },
  })
  get(
    @ValidatedParams(recommendationsParams) params: RecommendationsParams,
    @Query() raw: unknown,
  ): Promise<Recommendations> {
    return this.service.recommend(params.userId, this.query.transform(raw).limit);
  }
}
