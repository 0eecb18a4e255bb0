import { infrastructureEnv, loadConfig } from '@perflab/config';
import { databaseNameOf } from '../connection-url';

/** The development database: the one DATABASE_URL names when unset (the local stack's). */
export const DEV_DATABASE = databaseNameOf(
  loadConfig({ DATABASE_URL: infrastructureEnv.DATABASE_URL }, {}).DATABASE_URL,
);

/** Databases made to be thrown away: the tests' (`*test*`) and the bench's (`*bench*`). */
const DISPOSABLE = /test|bench/i;

export const CONFIRM_FLAG = '--confirm-database';

/**
 * Commands that drop data or write known passwords (`prisma:migrate reset`, `prisma:seed`)
 * run on the development database or a disposable one. Any other database must be named
 * by the caller, `--confirm-database=<name>`, so a DATABASE_URL left pointing at a real
 * database is refused rather than wiped.
 */
export function assertDevDatabase(url: string, confirmed?: string): void {
  const name = databaseNameOf(url);
  if (name === DEV_DATABASE || DISPOSABLE.test(name) || confirmed === name) return;
  throw new Error(
    `Refusing to change database "${name}": this command runs only on the development database ` +
      `"${DEV_DATABASE}" or a disposable one (a name containing "test" or "bench"). ` +
      `If you mean it, name it: ${CONFIRM_FLAG}=${name} (through npm run: after a --).`,
  );
}

/** Splits `--confirm-database=<name>` (or `--confirm-database <name>`) off a command line. */
export function takeConfirmFlag(args: string[]): { confirmed?: string; rest: string[] } {
  const rest: string[] = [];
  let confirmed: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith(`${CONFIRM_FLAG}=`)) confirmed = arg.slice(CONFIRM_FLAG.length + 1);
    else if (arg === CONFIRM_FLAG) confirmed = args[++i] ?? '';
    else rest.push(arg);
  }
  if (confirmed !== undefined && confirmed.length === 0) throw new Error(`${CONFIRM_FLAG} needs a database name`);
  return { confirmed, rest };
}
