import type { AuthenticatedUser } from '@perflab/auth-guard';
import { ApiError } from '@perflab/runtime';

/** A user reads the company in their token's companyId claim; an ADMIN reads any company. */
export function assertCanRead(user: AuthenticatedUser, companyId: string): void {
  if (user.role === 'ADMIN' || (user.companyId !== undefined && user.companyId === companyId)) return;
  throw new ApiError(403, 'FORBIDDEN', "You may only read your own company's reports", { field: 'companyId' });
}
