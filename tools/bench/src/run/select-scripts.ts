import { SuiteDef } from '../suites';

/** The suite's k6 scripts, or only those named (file stems, e.g. ["profile"]); throws on none. */
export function selectScripts(suite: SuiteDef, only?: string[]): string[] {
  const chosen = only?.length ? suite.scripts.filter((s) => only.includes(stemOf(s))) : suite.scripts;
  if (!chosen.length)
    throw new Error(`${suite.name}: no k6 scripts${only?.length ? ` named ${only.join(', ')}` : ''} found`);
  return chosen;
}

/** load-tests/auth/profile.js → profile */
export function stemOf(script: string): string {
  return script.replace(/^.*\//, '').replace(/\.js$/, '');
}
