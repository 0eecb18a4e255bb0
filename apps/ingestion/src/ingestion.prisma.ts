// The ingestion schema's generated client (Nx project prisma-ingestion, scope:ingestion),
// in one place so a regeneration or move touches one import.
export { Prisma, PrismaClient } from '@perflab/prisma-ingestion';
