// The reporting schema's generated client (Nx project prisma-reporting, scope:reporting),
// in one place so a regeneration or move touches one import.
export { Prisma, PrismaClient } from '@perflab/prisma-reporting';
