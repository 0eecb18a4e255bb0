// The notifications schema's generated client (Nx project prisma-notifications,
// scope:notifications), in one place so a regeneration or move touches one import.
export { Prisma, PrismaClient } from '@perflab/prisma-notifications';
