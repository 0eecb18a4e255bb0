// The recommendations schema's generated client (Nx project prisma-recommendations,
// scope:recommendations), in one place so a regeneration or move touches one import.
export { Prisma, PrismaClient } from '@perflab/prisma-recommendations';
