import { Inject, Injectable } from '@nestjs/common';
import { Cache } from '@perflab/cache';
import { DATABASE, type Database } from '@perflab/database';
import { ApiError } from '@perflab/runtime';
import { AUTH_CONFIG, type AuthConfig } from '../auth.config';
import type { PrismaClient } from '../auth.prisma';
import { profileCacheKeys, toOwnProfile, toPublicProfile, type OwnProfile, type PublicProfile } from './user.views';

const notFound = () => new ApiError(404, 'USER_NOT_FOUND', 'No such user');

/**
 * The profile hot path (001's user profile service, 1,000 req/s): Redis first, Postgres
 * on a miss, one load per key per process at a time. PATCH invalidates both views.
 */
@Injectable()
export class ProfileReader {
  constructor(
    @Inject(DATABASE) private readonly db: Database<PrismaClient>,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly cache: Cache,
  ) {}

  async publicProfile(id: string): Promise<PublicProfile> {
    const profile = await this.cache.getOrSet(
      profileCacheKeys.public(id),
      async () => {
        const user = await this.db.client.user.findUnique({ where: { id } });
        return user ? toPublicProfile(user) : undefined; // a miss is not cached
      },
      this.config.PROFILE_CACHE_TTL_SECONDS,
    );
    if (!profile) throw notFound();
    return profile;
  }

  async ownProfile(id: string): Promise<OwnProfile> {
    const profile = await this.cache.getOrSet(
      profileCacheKeys.own(id),
      async () => {
        const user = await this.db.client.user.findUnique({ where: { id } });
        return user ? toOwnProfile(user) : undefined;
      },
      this.config.PROFILE_CACHE_TTL_SECONDS,
    );
    if (!profile) throw notFound();
    return profile;
  }
}
