import { Controller, Patch, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ValidatedBody } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { ownProfileResponse, type OwnProfile } from '../user.views';
import { updateMyProfileRequest, type UpdateMyProfileRequest } from './update-my-profile.request';
import { UpdateMyProfileService } from './update-my-profile.service';

@Controller('users')
@UseGuards(AuthGuard)
export class UpdateMyProfileHttpController {
  constructor(private readonly service: UpdateMyProfileService) {}

  @Patch('me')
  @DescribeRoute({
    summary: "Change the caller's name, bio, avatar or settings",
    bearer: true,
    responses: { 200: ownProfileResponse },
    errors: [404],
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedBody(updateMyProfileRequest) body: UpdateMyProfileRequest,
  ): Promise<OwnProfile> {
    return this.service.update(user.id, body);
  }
}
