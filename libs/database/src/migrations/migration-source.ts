import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One committed migration: `prisma/<service>/migrations/<name>/migration.sql`. */
export interface Migration {
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes, as `prisma migrate deploy` records it. */
  checksum: string;
  /** Checksums under which a recorded row still matches this file (see acceptedChecksums). */
  accepted: string[];
}

const SERVICE_NAME = /^[a-z][a-z0-9_]*$/;

/** The service name doubles as a Postgres schema name, so it is kept to a safe identifier. */
export function assertServiceName(service: string): void {
  if (!SERVICE_NAME.test(service)) {
    throw new Error(`Invalid service name "${service}": use lowercase letters, digits and underscores.`);
  }
}

export function checksumOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The checksums a file may have been recorded with: its bytes, and the same text with
 * CRLF line endings turned into LF (a checkout on Windows must not look "modified").
 */
export function acceptedChecksums(content: Buffer): string[] {
  const normalised = content.toString('utf8').replace(/\r\n/g, '\n');
  return [...new Set([checksumOf(content), checksumOf(normalised)])];
}

/** Migrations of one service, oldest first (Prisma orders by directory name). */
export function readMigrations(migrationsDir: string): Migration[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir)
    .filter((entry) => statSync(join(migrationsDir, entry)).isDirectory())
    .sort()
    .map((name) => {
      const file = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(file)) throw new Error(`Migration ${name} has no migration.sql (${file})`);
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString('utf8'), checksum: checksumOf(bytes), accepted: acceptedChecksums(bytes) };
    });
}

/** Every service that has a `prisma/<service>/migrations` folder, alphabetically. */
export function listServices(prismaDir: string): string[] {
  return readdirSync(prismaDir)
    .filter((entry) => SERVICE_NAME.test(entry) && existsSync(join(prismaDir, entry, 'migrations')))
    .sort();
}
