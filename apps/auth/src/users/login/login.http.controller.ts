import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ValidatedBody } from '@perflab/runtime';
import type { FastifyRequest } from 'fastify';
import { RateLimitedFilter } from '../../rate-limit/rate-limited.filter';
import type { TokenPair } from '../../tokens/token-pair.service';
import { loginRequest, type LoginRequest } from './login.request';
import { LoginService } from './login.service';

@Controller('auth')
@UseFilters(RateLimitedFilter)
export class LoginHttpController {
  constructor(private readonly service: LoginService) {}

  @Post('login')
  @HttpCode(200)
  login(@ValidatedBody(loginRequest) body: LoginRequest, @Req() request: FastifyRequest): Promise<TokenPair> {
    return this.service.login(body, request.ip);
  }
}
