// The chat schema's generated client (Nx project prisma-chat, scope:chat), in one place so a
// regeneration or move touches one import.
export { Prisma, PrismaClient } from '@perflab/prisma-chat';
