import type { ClientBase } from 'pg';

/** The row `prisma migrate deploy` keeps per migration. */
export interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

/**
 * Prisma's schema engine creates exactly this table (postgres flavour), so a database
 * migrated by either tool can be taken over by the other.
 */
export function migrationsTableDdl(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS "${schema}"."_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
}

export async function ensureMigrationsTable(client: ClientBase, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await client.query(migrationsTableDdl(schema));
}

export async function readMigrationRows(client: ClientBase, schema: string): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    `SELECT * FROM "${schema}"."_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows;
}

/** Inserted when a migration starts, as Prisma does: not finished, no steps yet. */
export async function insertStartedRow(
  client: ClientBase,
  schema: string,
  row: { id: string; checksum: string; name: string },
): Promise<void> {
  await client.query(
    `INSERT INTO "${schema}"."_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [row.id, row.checksum, row.name],
  );
}

export async function markFinished(client: ClientBase, schema: string, id: string): Promise<void> {
  await client.query(
    `UPDATE "${schema}"."_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
}
