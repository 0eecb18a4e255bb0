/**
 * `node -r @swc-node/register apps/reporting/src/seed/seed.main.ts [--seed 42] [--events 1000000]
 *   [--companies 300] [--until 2026-11-30] [--confirm-database=<name>]`: empties the reporting
 * tables and loads a deterministic history (same seed, same data), then builds the rollups.
 * Only on the development database or a disposable one (name with test/bench) unless confirmed.
 */
import { infrastructureEnv, loadConfigOrExit } from '@perflab/config';
import { assertDevDatabase, takeConfirmFlag } from '@perflab/database';
import { loadHistory } from './load-history';

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  if (at >= 0 && args[at + 1]) return args[at + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline ? inline.slice(name.length + 3) : fallback;
}

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfigOrExit({ DATABASE_URL: infrastructureEnv.DATABASE_URL });
  const { confirmed, rest } = takeConfirmFlag(process.argv.slice(2));
  assertDevDatabase(DATABASE_URL, confirmed);
  const options = {
    seed: Number(option(rest, 'seed', '42')),
    events: Number(option(rest, 'events', '1000000')),
    companies: Number(option(rest, 'companies', '300')),
    until: option(rest, 'until', '2026-11-30'),
  };
  if (![options.seed, options.events, options.companies].every(Number.isInteger) || options.companies < 1) {
    throw new Error('--seed, --events and --companies take whole numbers (companies ≥ 1)');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.until)) throw new Error('--until takes a date, YYYY-MM-DD');
  const result = await loadHistory(DATABASE_URL, options, console.log);
  console.log(
    `seed: ${result.events} events across ${options.companies} companies (seed ${options.seed}): ` +
      `inserted in ${(result.insertMs / 1000).toFixed(1)} s, rollups built in ${(result.rollupMs / 1000).toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? error);
  process.exit(1);
});
