import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

// A suite whose data cannot come through its API (recommendations: the product catalogue and
// a behaviour history) brings `load-tests/<suite>/seed.ts`. The bench runs it after it has
// recreated the bench database and before it starts the service, with the env the service
// gets, so every run starts from the same data.

/** Runs the suite's seed when it has one; returns what the report's Data row should add. */
export function runSuiteSeed(
  suite: string,
  env: Record<string, string>,
  log: (s: string) => void,
  root = REPO_ROOT,
): string | undefined {
  const file = join(root, 'load-tests', suite, 'seed.ts');
  if (!existsSync(file)) return undefined;
  const started = Date.now();
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', file], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  }).trim();
  log(`${suite}: seeded in ${Date.now() - started} ms${output ? ` — ${output}` : ''}`);
  return `seeded by load-tests/${suite}/seed.ts`;
}
