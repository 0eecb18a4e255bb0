import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_TESTS, REPO_ROOT } from './paths';
import { TargetsFile } from './targets/targets';

// A suite exists when load-tests/<svc>/ and apps/<svc>/ both exist. Its k6 scripts are the
// top-level *.js files there (files starting with "_" are helpers, not scripts; chaos*.js is
// the chaos profile's own load, run only by `--profile chaos`).

export interface SuiteDef {
  name: string;
  /** targets.json suite the thresholds/grades come from */
  targetsSuite: string;
  port: number;
  entry: string;
  scripts: string[];
  job: string;
  kind: 'service' | 'baseline';
  /** baseline only: serves the suite's whole mix under the suite's own scripts (same data, env, needs) */
  likeForLike?: boolean;
  /** checkout the service runs from (compare: a worktree) */
  root?: string;
  /** the Node.js binary its service runs on (compare: the side's own runtime); default the bench's */
  node?: string;
  /** compare --variant: env for the suite's own service on top of its service*.env files */
  serviceEnv?: Record<string, string>;
}

export function scriptsIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') && !f.startsWith('_') && !f.startsWith('chaos'))
    .sort()
    .map((f) => join(dir, f));
}

export function existingSuites(targets: TargetsFile): string[] {
  return Object.keys(targets.suites).filter(
    (s) => existsSync(join(LOAD_TESTS, s)) && existsSync(join(REPO_ROOT, 'apps', s)),
  );
}

export function serviceSuite(name: string, targets: TargetsFile): SuiteDef {
  const t = targets.suites[name];
  if (!t) throw new Error(`unknown suite "${name}" (targets.json has: ${Object.keys(targets.suites).join(', ')})`);
  return {
    name,
    targetsSuite: name,
    port: t.port,
    entry: join(t.app, 'src', 'main.ts'),
    scripts: scriptsIn(join(LOAD_TESTS, name)),
    job: name,
    kind: 'service',
  };
}

/**
 * The bare node:http twin of a suite (load-tests/baselines/<suite>.ts). A like-for-like one
 * serves the suite's whole mix and runs the suite's own k6 scripts (BASE_URL at its port);
 * one with its own `<suite>.k6.js` serves the hottest endpoint only, under that script.
 */
export function baselineSuite(name: string, targets: TargetsFile): SuiteDef {
  const t = targets.suites[name];
  if (!t) throw new Error(`unknown suite "${name}"`);
  const own = join(LOAD_TESTS, 'baselines', `${name}.k6.js`);
  return {
    name: `baseline-${name}`,
    targetsSuite: name,
    port: t.port + 100,
    entry: join('load-tests', 'baselines', `${name}.ts`),
    scripts: existsSync(own) ? [own] : scriptsIn(join(LOAD_TESTS, name)),
    likeForLike: !existsSync(own),
    job: `baseline-${name}`,
    kind: 'baseline',
  };
}
