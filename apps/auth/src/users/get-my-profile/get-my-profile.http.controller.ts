import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { DescribeRoute } from '@perflab/openapi';
import { ProfileReader } from '../profile.reader';
import { ownProfileResponse, type OwnProfile } from '../user.views';

@Controller('users')
@UseGuards(AuthGuard)
export class GetMyProfileHttpController {
  constructor(private readonly profiles: ProfileReader) {}

  @Get('me')
  @DescribeRoute({
    summary: "The caller's own profile",
    bearer: true,
    responses: { 200: ownProfileResponse },
    errors: [404],
  })
  me(@CurrentUser() user: AuthenticatedUser): Promise<OwnProfile> {
    return this.profiles.ownProfile(user.id);
  }
}
