import { Controller, Get } from '@nestjs/common';
import { ValidatedParams } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { ProfileReader } from '../profile.reader';
import { publicProfileResponse, type PublicProfile } from '../user.views';
import { getPublicProfileParams, type GetPublicProfileParams } from './get-public-profile.request';

/** Public: no token needed to see someone's name, bio and avatar. */
@Controller('users')
export class GetPublicProfileHttpController {
  constructor(private readonly profiles: ProfileReader) {}

  @Get(':id')
  @DescribeRoute({
    summary: "Anyone's public profile (no token needed)",
    responses: { 200: publicProfileResponse },
    errors: [404],
  })
  profile(@ValidatedParams(getPublicProfileParams) params: GetPublicProfileParams): Promise<PublicProfile> {
    return this.profiles.publicProfile(params.id);
  }
}
