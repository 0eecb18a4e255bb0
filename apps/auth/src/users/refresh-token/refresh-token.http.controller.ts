import { Controller, HttpCode, Post } from '@nestjs/common';
import { ValidatedBody } from '@perflab/runtime';
import type { TokenPair } from '../../tokens/token-pair.service';
import { refreshTokenRequest, type RefreshTokenRequest } from './refresh-token.request';
import { RefreshTokenService } from './refresh-token.service';

@Controller('auth')
export class RefreshTokenHttpController {
  constructor(private readonly service: RefreshTokenService) {}

  @Post('refresh')
  @HttpCode(200)
  refresh(@ValidatedBody(refreshTokenRequest) body: RefreshTokenRequest): Promise<TokenPair> {
    return this.service.refresh(body.refresh_token);
  }
}
