import { CONFIRM_FLAG, takeConfirmFlag } from './dev-database';

export interface MigrateArgs {
  /** `reset` first: drop the services' schemas before applying. */
  reset: boolean;
  /** Empty: every service. */
  services: string[];
  confirmed?: string;
}

/** `[reset] [<service>...] [--confirm-database=<name>]`; any other option is refused. */
export function parseMigrateArgs(args: string[]): MigrateArgs {
  const { confirmed, rest } = takeConfirmFlag(args);
  const unknown = rest.filter((arg) => arg.startsWith('-'));
  if (unknown.length > 0) {
    throw new Error(`Unknown option ${unknown.join(', ')}; usage: [reset] [<service>...] [${CONFIRM_FLAG}=<name>]`);
  }
  const reset = rest[0] === 'reset';
  if (confirmed !== undefined && !reset) throw new Error(`${CONFIRM_FLAG} only applies to reset`);
  return { reset, services: reset ? rest.slice(1) : rest, confirmed };
}
