import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { withoutSchemaParam } from '../connection-url';
import { migrationsDirOf, prismaDir } from '../workspace';
import { withAdvisoryLock } from './advisory-lock';
import { MigrationChecksumError, MigrationFailedError, MigrationUnresolvedError } from './migration-errors';
import { assertServiceName, listServices, readMigrations, type Migration } from './migration-source';
import {
  ensureMigrationsTable,
  insertStartedRow,
  markFinished,
  readMigrationRows,
  type MigrationRow,
} from './migrations-table';

export interface ApplyOptions {
  /** Postgres URL; any `?schema=` is ignored: the schema is the service's name. */
  url: string;
  service: string;
  /** Defaults to `prisma/<service>/migrations`. */
  migrationsDir?: string;
  lockTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface ApplyResult {
  service: string;
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies a service's pending migrations to its own Postgres schema, as
 * `prisma migrate deploy` with `?schema=<service>` would, and records them in
 * `<service>._prisma_migrations` the same way. Each migration runs in one transaction
 * together with its bookkeeping row, so a failure leaves neither behind.
 */
export async function applyMigrations(options: ApplyOptions): Promise<ApplyResult> {
  const { service, log = () => undefined } = options;
  assertServiceName(service);
  const migrations = readMigrations(options.migrationsDir ?? migrationsDirOf(service));
  const client = new Client({ connectionString: withoutSchemaParam(options.url), application_name: 'perflab-migrate' });
  await client.connect();
  try {
    return await withAdvisoryLock(client, options.lockTimeoutMs ?? 60_000, async () => {
      await ensureMigrationsTable(client, service);
      // Unqualified names in migration.sql resolve to the service's schema, as with ?schema=.
      await client.query(`SET search_path TO "${service}"`);
      const pending = pendingMigrations(service, migrations, await readMigrationRows(client, service));
      for (const migration of pending) {
        log(`${service}: applying ${migration.name}`);
        await applyOne(client, service, migration);
      }
      const applied = pending.map((m) => m.name);
      return { service, applied, alreadyApplied: migrations.map((m) => m.name).filter((n) => !applied.includes(n)) };
    });
  } finally {
    await client.end();
  }
}

/** Every service under prisma/ (or only those named), one after another. */
export async function applyAllMigrations(options: {
  url: string;
  services?: string[];
  prismaDir?: string;
  log?: (line: string) => void;
}): Promise<ApplyResult[]> {
  const root = options.prismaDir ?? prismaDir();
  const known = listServices(root);
  const services = options.services?.length ? options.services : known;
  const unknown = services.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`No migrations for: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const results: ApplyResult[] = [];
  for (const service of services) {
    results.push(
      await applyMigrations({
        url: options.url,
        service,
        migrationsDir: migrationsDirOf(service, root),
        log: options.log,
      }),
    );
  }
  return results;
}

function pendingMigrations(service: string, migrations: Migration[], rows: MigrationRow[]): Migration[] {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const unfinished = live.find((row) => row.finished_at === null);
  if (unfinished) throw new MigrationUnresolvedError(service, unfinished.migration_name);
  const applied = new Map(live.map((row) => [row.migration_name, row.checksum]));
  for (const migration of migrations) {
    const recorded = applied.get(migration.name);
    if (recorded !== undefined && !migration.accepted.includes(recorded)) {
      throw new MigrationChecksumError(service, migration.name, recorded, migration.checksum);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

async function applyOne(client: Client, service: string, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await insertStartedRow(client, service, { id, checksum: migration.checksum, name: migration.name });
    // No parameters: pg sends the script with the simple protocol, several statements at once.
    await client.query(migration.sql);
    await markFinished(client, service, id);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationFailedError(service, migration.name, error);
  }
}
