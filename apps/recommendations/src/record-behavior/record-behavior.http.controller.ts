import { Controller, HttpCode, Post } from '@nestjs/common';
import { ValidatedBody } from '@perflab/runtime';
import { recordBehaviorRequest, type RecordBehaviorRequest } from './record-behavior.request';
import { RecordBehaviorService, type BehaviorAccepted } from './record-behavior.service';

@Controller('api')
export class RecordBehaviorHttpController {
  constructor(private readonly service: RecordBehaviorService) {}

  /** 202 `{eventId}` once the behaviour is durable; it reaches the user's recommendations asynchronously. */
  @Post('user-behavior')
  @HttpCode(202)
  record(@ValidatedBody(recordBehaviorRequest) body: RecordBehaviorRequest): Promise<BehaviorAccepted> {
    return this.service.record(body);
  }
}
