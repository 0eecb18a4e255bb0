import { Controller, HttpCode, Post } from '@nestjs/common';
import { ValidatedBody } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { refreshTokenRequest, type RefreshTokenRequest } from '../refresh-token/refresh-token.request';
import { LogoutService } from './logout.service';

@Controller('auth')
export class LogoutHttpController {
  constructor(private readonly service: LogoutService) {}

  @Post('logout')
  @HttpCode(204)
  @DescribeRoute({ summary: "Revoke a refresh token's session (idempotent)", responses: { 204: null } })
  async logout(@ValidatedBody(refreshTokenRequest) body: RefreshTokenRequest): Promise<void> {
    await this.service.logout(body.refresh_token);
  }
}
