import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ValidatedBody } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import type { FastifyRequest } from 'fastify';
import { RateLimitedFilter } from '../../rate-limit/rate-limited.filter';
import { ownProfileResponse, type OwnProfile } from '../user.views';
import { registerUserRequest, type RegisterUserRequest } from './register-user.request';
import { RegisterUserService } from './register-user.service';

@Controller('auth')
@UseFilters(RateLimitedFilter)
export class RegisterUserHttpController {
  constructor(private readonly service: RegisterUserService) {}

  @Post('register')
  @HttpCode(201)
  @DescribeRoute({ summary: 'Create an account', responses: { 201: ownProfileResponse }, errors: [409, 429] })
  register(
    @ValidatedBody(registerUserRequest) body: RegisterUserRequest,
    @Req() request: FastifyRequest,
  ): Promise<OwnProfile> {
    return this.service.register(body, request.ip);
  }
}
