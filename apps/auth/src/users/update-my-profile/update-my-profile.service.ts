import { Inject, Injectable } from '@nestjs/common';
import { Cache } from '@perflab/cache';
import { DATABASE, type Database } from '@perflab/database';
import { ApiError } from '@perflab/runtime';
import { Prisma, type PrismaClient } from '../../auth.prisma';
import { prismaErrorCode } from '../../prisma-error';
import { profileCacheKeys, toOwnProfile, type OwnProfile } from '../user.views';
import type { UpdateMyProfileRequest } from './update-my-profile.request';

@Injectable()
export class UpdateMyProfileService {
  constructor(
    @Inject(DATABASE) private readonly db: Database<PrismaClient>,
    private readonly cache: Cache,
  ) {}

  async update(userId: string, changes: UpdateMyProfileRequest): Promise<OwnProfile> {
    try {
      const user = await this.db.client.user.update({
        where: { id: userId },
        data: { ...changes, settings: changes.settings as Prisma.InputJsonValue | undefined },
      });
      // After the commit: a reader that loads between the write and this delete may cache
      // the old row for one TTL at worst; deleting after the write keeps that window tiny.
      // Never fails the committed write: a failed delete is retried, then counted (libs/cache).
      await this.cache.invalidate(profileCacheKeys.public(userId), profileCacheKeys.own(userId));
      return toOwnProfile(user);
    } catch (error) {
      if (prismaErrorCode(error) === 'P2025') {
        throw new ApiError(404, 'USER_NOT_FOUND', 'No such user');
      }
      throw error;
    }
  }
}
