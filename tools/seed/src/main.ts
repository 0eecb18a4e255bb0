/**
 * `npm run prisma:seed` (the 002 guide's name): the development database's baseline, the
 * same on every run — the accounts the guide and the k6 notifications suite log in as
 * (loadtest@example.com, ADMIN; user01…user10@example.com; password LoadTest123!) and a
 * settled feed for each. Run it after `npm run prisma:migrate reset`, or any time: it
 * only ever sets the seeded rows back to their seeded state. Only on the development
 * database or a disposable one, unless `-- --confirm-database=<name>`.
 */
import { infrastructureEnv, loadConfigOrExit } from '@perflab/config';
import { assertDevDatabase, generateClients, takeConfirmFlag } from '@perflab/database';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfigOrExit({ DATABASE_URL: infrastructureEnv.DATABASE_URL });
  const { confirmed, rest } = takeConfirmFlag(process.argv.slice(2));
  if (rest.length > 0) throw new Error(`Unknown argument ${rest.join(' ')}; usage: [--confirm-database=<name>]`);
  assertDevDatabase(DATABASE_URL, confirmed);
  // A fresh clone has no generated clients yet; they take a few seconds, so only when missing.
  generateClients({ services: ['auth', 'notifications'], onlyMissing: true });
  // Loaded only now: it imports the generated clients.
  const { seedDatabase } = await import('./seed-database');
  const { SEED_PASSWORD, SEED_ACCOUNTS } = await import('./seed-data');
  const started = Date.now();
  const result = await seedDatabase(DATABASE_URL);
  console.log(
    `seed: ${SEED_ACCOUNTS.length} accounts (${result.accounts.created} created, ${result.accounts.updated} reset to the seed, ` +
      `${result.accounts.unchanged} unchanged), ` +
      `${result.notifications} notifications, in ${Date.now() - started} ms`,
  );
  console.log(`seed: log in as ${SEED_ACCOUNTS[0].email} (ADMIN) or user01@example.com, password ${SEED_PASSWORD}`);
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? error);
  process.exit(1);
});
