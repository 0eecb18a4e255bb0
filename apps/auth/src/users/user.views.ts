import { z } from 'zod';
import type { User } from '../auth.prisma';

/** What anyone may see of a user (GET /users/:id); the schema is the documented response (OpenAPI). */
export const publicProfileResponse = z
  .object({
    id: z.uuid(),
    name: z.string(),
    bio: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PublicProfile' });
export type PublicProfile = z.output<typeof publicProfileResponse>;

/** What the user sees of themselves (GET/PATCH /users/me, register). Never the hash. */
export const ownProfileResponse = publicProfileResponse
  .extend({
    email: z.string(),
    role: z.enum(['USER', 'ADMIN'] satisfies User['role'][]),
    settings: z.unknown().meta({ description: 'Free-form user settings (JSON)' }),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'OwnProfile' });
export type OwnProfile = z.output<typeof ownProfileResponse>;

export function toPublicProfile(user: User): PublicProfile {
  return {
    id: user.id,
    name: user.name,
    bio: user.bio,
    avatarUrl: user.avatarUrl,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toOwnProfile(user: User): OwnProfile {
  return {
    ...toPublicProfile(user),
    email: user.email,
    role: user.role,
    settings: user.settings,
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** Cache keys (within the service's cache namespace) of one user's profiles. */
export const profileCacheKeys = {
  public: (id: string) => `user:${id}`,
  own: (id: string) => `me:${id}`,
};
