import type { User } from '../auth.prisma';

/** What anyone may see of a user (GET /users/:id). */
export interface PublicProfile {
  id: string;
  name: string;
  bio: string | null;
  avatarUrl: string | null;
  createdAt: string;
}

/** What the user sees of themselves (GET/PATCH /users/me, register). Never the hash. */
export interface OwnProfile extends PublicProfile {
  email: string;
  role: User['role'];
  settings: unknown;
  updatedAt: string;
}

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
