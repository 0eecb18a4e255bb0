import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ProfileReader } from '../profile.reader';
import type { OwnProfile } from '../user.views';

@Controller('users')
@UseGuards(AuthGuard)
export class GetMyProfileHttpController {
  constructor(private readonly profiles: ProfileReader) {}

  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): Promise<OwnProfile> {
    return this.profiles.ownProfile(user.id);
  }
}
