export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  type PrismaClientClass,
  type PrismaClientLike,
} from './client/create-database';
export { type PlainSql } from './client/plain-sql';
export { createPool, poolState, type PoolOptions, type PoolState } from './client/pool';
export { errorCodeLabel, isCallerError, isConnectionFailure, isDependencyFailure } from './client/caller-errors';
export {
  applyAllMigrations,
  applyMigrations,
  type ApplyOptions,
  type ApplyResult,
} from './migrations/apply-migrations';
export { MigrationChecksumError, MigrationFailedError, MigrationUnresolvedError } from './migrations/migration-errors';
export { checksumOf, listServices, readMigrations, type Migration } from './migrations/migration-source';
export { prismaDir } from './workspace';
export { databaseHealthIndicator } from './health/database-health';
export { DATABASE, DatabaseModule, type DatabaseModuleOptions } from './nest/database.module';
export { assertDevDatabase, takeConfirmFlag } from './cli/dev-database';
export { generateClients, type GenerateOptions } from './cli/generate-clients';
