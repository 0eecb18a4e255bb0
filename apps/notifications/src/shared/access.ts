import type { AuthenticatedUser } from '@perflab/auth-guard';
import { ApiError } from '@perflab/runtime';

/** A user acts on their own notifications only; an ADMIN on anyone's. */
export function canAccess(user: AuthenticatedUser, userId: string): boolean {
  return user.role === 'ADMIN' || user.id === userId;
}

/** The owner a query must match for this user, or null for an ADMIN (anyone's): ownership checked in SQL. */
export function ownerFilter(user: AuthenticatedUser): string | null {
  return user.role === 'ADMIN' ? null : user.id;
}

/** 403 naming the field, for requests that name another user explicitly. */
export function assertCanAccess(user: AuthenticatedUser, userId: string, field = 'userId'): void {
  if (!canAccess(user, userId)) {
    throw new ApiError(403, 'FORBIDDEN', 'You may only access your own notifications', { field });
  }
}

/** Someone else's notification is answered like a missing one: its existence is not disclosed. */
export function notFound(): ApiError {
  return new ApiError(404, 'NOT_FOUND', 'Notification not found');
}
