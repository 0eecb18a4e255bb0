import { Client } from 'pg';
import { withoutSchemaParam } from '../connection-url';
import { withAdvisoryLock } from '../migrations/advisory-lock';
import { applyAllMigrations, type ApplyResult } from '../migrations/apply-migrations';
import { listServices } from '../migrations/migration-source';
import { prismaDir } from '../workspace';

export interface ResetOptions {
  /** Postgres URL; any `?schema=` is ignored. */
  url: string;
  /** Default: every service under prisma/. */
  services?: string[];
  prismaDir?: string;
  /** How long DROP SCHEMA may wait for a session holding a lock on a service's tables. */
  lockTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * `prisma migrate reset` for perflab's layout: drops each service's schema (its tables
 * and its _prisma_migrations) and applies every migration again. Other schemas (public,
 * where pg_stat_statements lives) are left alone. Like Prisma 7's reset, it does not seed.
 */
export async function resetDatabase(options: ResetOptions): Promise<ApplyResult[]> {
  const { log = () => undefined } = options;
  const root = options.prismaDir ?? prismaDir();
  const known = listServices(root);
  const services = options.services?.length ? options.services : known;
  const unknown = services.filter((s) => !known.includes(s));
  // Before dropping anything: a typo must not leave half the services reset.
  if (unknown.length > 0) throw new Error(`No migrations for: ${unknown.join(', ')} (known: ${known.join(', ')})`);

  const lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  const client = new Client({ connectionString: withoutSchemaParam(options.url), application_name: 'perflab-reset' });
  await client.connect();
  try {
    // Prisma's migrate lock: no migration runs against the schemas while they go.
    await withAdvisoryLock(client, 60_000, async () => {
      await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${lockTimeoutMs}ms`]);
      await client.query('BEGIN');
      try {
        for (const service of services) {
          log(`${service}: dropping schema "${service}"`);
          await client.query(`DROP SCHEMA IF EXISTS "${service}" CASCADE`);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if ((error as { code?: string }).code === '55P03') {
          throw new Error(
            `A session kept a lock on the services' tables for more than ${lockTimeoutMs} ms ` +
              '(a service mid-transaction?). Stop the services using this database, then retry.',
            { cause: error },
          );
        }
        throw error;
      }
    });
  } finally {
    await client.end();
  }
  return applyAllMigrations({ url: options.url, services, prismaDir: root, log });
}
