/**
 * `node -r @swc-node/register libs/database/src/cli/diff.ts <service> [--from-empty]`
 * prints the SQL that brings the service's committed migrations (or an empty database)
 * up to its schema.prisma: what `prisma migrate dev --create-only` would write. Save it
 * as prisma/<service>/migrations/<yyyymmddhhmmss>_<name>/migration.sql and review it.
 * It replays the migrations on a temporary shadow database next to DATABASE_URL's.
 */
import { infrastructureEnv, loadConfigOrExit } from '@perflab/config';
import { schemaDiff } from '../schema-engine/schema-diff';

async function main(): Promise<void> {
  const [service] = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  if (!service) throw new Error('usage: diff.ts <service> [--from-empty]');
  const { DATABASE_URL } = loadConfigOrExit({ DATABASE_URL: infrastructureEnv.DATABASE_URL });
  const from = process.argv.includes('--from-empty') ? 'empty' : 'migrations';
  const sql = await schemaDiff({ service, url: DATABASE_URL, from });
  process.stdout.write(sql ? `${sql}\n` : '');
  if (!sql) console.error(`${service}: schema.prisma and the migrations agree (no difference).`);
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? error);
  process.exit(1);
});
