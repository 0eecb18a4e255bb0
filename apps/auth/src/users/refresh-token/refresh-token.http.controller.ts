import { Controller, HttpCode, Post } from '@nestjs/common';
import { ValidatedBody } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { tokenPairResponse, type TokenPair } from '../../tokens/token-pair.response';
import { refreshTokenRequest, type RefreshTokenRequest } from './refresh-token.request';
import { RefreshTokenService } from './refresh-token.service';

@Controller('auth')
export class RefreshTokenHttpController {
  constructor(private readonly service: RefreshTokenService) {}

  @Post('refresh')
  @HttpCode(200)
  @DescribeRoute({
    summary: 'Rotate a refresh token: a new token pair; reusing a rotated token ends the session',
    responses: { 200: tokenPairResponse },
    errors: [401],
  })
  refresh(@ValidatedBody(refreshTokenRequest) body: RefreshTokenRequest): Promise<TokenPair> {
    return this.service.refresh(body.refresh_token);
  }
}
