import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ValidatedBody } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import type { FastifyRequest } from 'fastify';
import { RateLimitedFilter } from '../../rate-limit/rate-limited.filter';
import { tokenPairResponse, type TokenPair } from '../../tokens/token-pair.response';
import { loginRequest, type LoginRequest } from './login.request';
import { LoginService } from './login.service';

@Controller('auth')
@UseFilters(RateLimitedFilter)
export class LoginHttpController {
  constructor(private readonly service: LoginService) {}

  @Post('login')
  @HttpCode(200)
  @DescribeRoute({
    summary: 'Log in with email and password: an access token and a refresh token',
    responses: { 200: tokenPairResponse },
    errors: [401, 429],
  })
  login(@ValidatedBody(loginRequest) body: LoginRequest, @Req() request: FastifyRequest): Promise<TokenPair> {
    return this.service.login(body, request.ip);
  }
}
