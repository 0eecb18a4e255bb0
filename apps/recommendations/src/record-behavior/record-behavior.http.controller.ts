import { Controller, HttpCode, Post } from '@nestjs/common';
import { DescribeRoute } from '@perflab/openapi';
import { ValidatedBody } from '@perflab/runtime';
import { behaviorAcceptedResponse } from '../shared/recommendation.view';
import { recordBehaviorRequest, type RecordBehaviorRequest } from './record-behavior.request';
import { RecordBehaviorService, type BehaviorAccepted } from './record-behavior.service';

@Controller('api')
export class RecordBehaviorHttpController {
  constructor(private readonly service: RecordBehaviorService) {}

  /** 202 `{eventId}` once the behaviour is durable; it reaches the user's recommendations asynchronously. */
  @Post('user-behavior')
  @HttpCode(202)
  @DescribeRoute({
    summary: "Record a shopper's behaviour (view, add_to_cart, purchase): durable, then projected asynchronously",
    responses: { 202: behaviorAcceptedResponse },
    errors: [422],
  })
  record(@ValidatedBody(recordBehaviorRequest) body: RecordBehaviorRequest): Promise<BehaviorAccepted> {
    return this.service.record(body);
  }
}
