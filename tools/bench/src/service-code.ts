import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// What the bench runs a service from (docs/adr/0014): by default the checkout's compiled
// JavaScript (tools/build: no transpiler at start, no source-map lookups on every Error's
// stack), built once per bench process and entry; PERFLAB_RUN_FROM=ts runs the TypeScript
// through @swc-node/register instead (the dev loop). A checkout without tools/build (compare
// against an older ref) runs from TypeScript, and the report says so. Node's own
// --enable-source-maps costs what source-map-support did: ask for it with
// NODE_OPTIONS=--enable-source-maps, which the services inherit.

export type RunFrom = 'js' | 'ts';

export interface ServiceCode {
  /** node arguments that start it */
  args: string[];
  /** for the report: what ran, e.g. "compiled JavaScript (dist/bench/auth, built in 0.4 s)" */
  from: string;
}

export function runFromEnv(env: NodeJS.ProcessEnv = process.env): RunFrom {
  const v = (env.PERFLAB_RUN_FROM ?? 'js').trim().toLowerCase();
  if (v !== 'js' && v !== 'ts') throw new Error(`PERFLAB_RUN_FROM must be js or ts, not "${env.PERFLAB_RUN_FROM}"`);
  return v;
}

const BUILD_CLI = 'tools/build/src/main.ts';
const built = new Map<string, ServiceCode>();

/** Where a checkout's bench build of `entry` lands: dist/bench/<app> or dist/bench/<path-of-entry>. */
export function benchOutDir(entry: string): string {
  const name = entry
    .replace(/\.ts$/, '')
    .replace(/^apps\/([^/]+)\/src\/main$/, '$1')
    .replace(/\//g, '-');
  return join('dist', 'bench', name);
}

export function serviceCode(o: {
  name: string;
  /** checkout root (absolute) */
  root: string;
  /** repo-relative .ts entry */
  entry: string;
  node: string;
  log: (s: string) => void;
  runFrom?: RunFrom;
}): ServiceCode {
  const fromTs = { args: ['-r', '@swc-node/register', join(o.root, o.entry)] };
  if ((o.runFrom ?? runFromEnv()) === 'ts')
    return { ...fromTs, from: 'TypeScript via @swc-node/register (PERFLAB_RUN_FROM=ts)' };
  if (!existsSync(join(o.root, BUILD_CLI)))
    return { ...fromTs, from: `TypeScript via @swc-node/register (${o.root} has no ${BUILD_CLI} to build it)` };
  const key = `${o.root}\0${o.entry}`; // one build for every process of a service (roles)
  const done = built.get(key);
  if (done) return done;
  const out = benchOutDir(o.entry);
  const started = Date.now();
  o.log(`${o.name}: building ${o.entry} → ${out}`);
  try {
    execFileSync(o.node, ['-r', '@swc-node/register', BUILD_CLI, '--entry', o.entry, '--out', out], {
      cwd: o.root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (err) {
    const { stderr, message } = err as { stderr?: string; message: string };
    throw new Error(`${o.name}: building ${o.entry} failed: ${(stderr || message).trim()}`);
  }
  const code = {
    args: [join(o.root, out, o.entry.replace(/\.ts$/, '.js'))],
    from: `compiled JavaScript (${out}, built in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  };
  built.set(key, code);
  return code;
}
