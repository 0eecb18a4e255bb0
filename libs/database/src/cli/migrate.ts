/**
 * `npm run db:migrate [-- <service>...]`: applies every service's committed migrations
 * (or only the named services') to DATABASE_URL, each into its own schema.
 * Works without Prisma's native schema engine; see docs/adr/0003.
 */
import { loadConfigOrExit, infrastructureEnv } from '@perflab/config';
import { applyAllMigrations } from '../migrations/apply-migrations';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfigOrExit({ DATABASE_URL: infrastructureEnv.DATABASE_URL });
  const services = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const results = await applyAllMigrations({ url: DATABASE_URL, services, log: (line) => console.log(line) });
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
