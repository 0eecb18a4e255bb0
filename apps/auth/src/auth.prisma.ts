// The auth schema's generated client (Nx project prisma-auth, scope:auth), in one place so
// a regeneration or move touches one import. It has no @perflab/* path alias yet, so the
// boundary rule cannot see this import as a project import; the tags do allow it.
// eslint-disable-next-line @nx/enforce-module-boundaries
export { Prisma, PrismaClient, Role, type User } from '../../../prisma/auth/generated/client';
