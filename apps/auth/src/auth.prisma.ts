// The auth schema's generated client (Nx project prisma-auth, scope:auth), in one place so
// a regeneration or move touches one import.
export { Prisma, PrismaClient, type RefreshToken, type User } from '@perflab/prisma-auth';
