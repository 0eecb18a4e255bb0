// The auth schema's generated client (Nx project prisma-auth, scope:auth), in one place so
// a regeneration or move touches one import.
export { Prisma, PrismaClient, Role, type RefreshToken, type User } from '@perflab/prisma-auth';
