/**
 * `npm run db:migrate [-- <service>...]`: applies every service's committed migrations
 * (or only the named services') to DATABASE_URL, each into its own schema.
 * Works without Prisma's native schema engine; see docs/adr/0003.
 *
 * `npm run prisma:migrate` is the same command under the name the 002 guide prints, and
 * `npm run prisma:migrate reset [-- <service>...]` first drops the services' schemas: a
 * clean baseline, as `prisma migrate reset` (then `npm run prisma:seed`). reset runs only
 * on the development database or a disposable one, unless `-- --confirm-database=<name>`.
 */
import { loadConfigOrExit, infrastructureEnv } from '@perflab/config';
import { applyAllMigrations } from '../migrations/apply-migrations';
import { assertDevDatabase } from './dev-database';
import { parseMigrateArgs } from './migrate-args';
import { resetDatabase } from './reset-database';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfigOrExit({ DATABASE_URL: infrastructureEnv.DATABASE_URL });
  const { reset, services, confirmed } = parseMigrateArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  if (reset) assertDevDatabase(DATABASE_URL, confirmed);
  const results = reset
    ? await resetDatabase({ url: DATABASE_URL, services, log })
    : await applyAllMigrations({ url: DATABASE_URL, services, log });
  for (const { service, applied, alreadyApplied } of results) {
    console.log(
      applied.length > 0
        ? `${service}: applied ${applied.length} migration(s), ${alreadyApplied.length} already applied`
        : `${service}: up to date (${alreadyApplied.length} migration(s))`,
    );
  }
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? error);
  process.exit(1);
});
