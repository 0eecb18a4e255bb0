import { Controller, Get } from '@nestjs/common';
import { ValidatedParams } from '@perflab/runtime';
import { ProfileReader } from '../profile.reader';
import type { PublicProfile } from '../user.views';
import { getPublicProfileParams, type GetPublicProfileParams } from './get-public-profile.request';

/** Public: no token needed to see someone's name, bio and avatar. */
@Controller('users')
export class GetPublicProfileHttpController {
  constructor(private readonly profiles: ProfileReader) {}

  @Get(':id')
  profile(@ValidatedParams(getPublicProfileParams) params: GetPublicProfileParams): Promise<PublicProfile> {
    return this.profiles.publicProfile(params.id);
  }
}
