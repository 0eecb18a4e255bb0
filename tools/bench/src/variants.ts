import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

// `--variant name:KEY=value[,KEY=value…]`, given twice: two configurations of the same checkout
// that differ only by the env the bench gives the suite's service (on top of its service*.env
// files). The compare runs them in counterbalanced rounds, as it runs two git refs.

export interface Variant {
  name: string;
  /** env on top of load-tests/<suite>/service*.env; empty = the suite's env as configured */
  env: Record<string, string>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A comma starts a new pair only when KEY= follows, so a value may hold commas of its own.
const PAIRS = /,(?=\s*[A-Za-z_][A-Za-z0-9_]*=)/;

/** The two variants of `--variant` values; the same name given again adds keys to it. */
export function parseVariants(specs: string[]): Variant[] {
  const byName = new Map<string, Record<string, string>>();
  for (const spec of specs) {
    const colon = spec.indexOf(':');
    const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
    if (colon < 0 || !NAME.test(name))
      throw new Error(`--variant "${spec}": expected name:KEY=value[,KEY=value…] (name: letters, digits, . _ -)`);
    const env = byName.get(name) ?? {};
    const rest = spec.slice(colon + 1).trim();
    for (const pair of rest ? rest.split(PAIRS) : []) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq).trim();
      if (eq < 0 || !KEY.test(key)) throw new Error(`--variant "${spec}": "${pair}" is not KEY=value`);
      if (key in env && env[key] !== pair.slice(eq + 1))
        throw new Error(`--variant ${name}: ${key} given twice with different values`);
      env[key] = pair.slice(eq + 1);
    }
    byName.set(name, env);
  }
  const variants = [...byName].map(([name, env]) => ({ name, env }));
  if (variants.length !== 2)
    throw new Error(
      `--variant needs exactly two names (A and B), got ${variants.length}${variants.length ? `: ${variants.map((v) => v.name).join(', ')}` : ''}`,
    );
  if (describeEnv(variants[0].env) === describeEnv(variants[1].env))
    throw new Error(`--variant ${variants[0].name} and ${variants[1].name} have the same env: nothing to compare`);
  return variants;
}

/** `KEY=value, KEY=value` sorted, or what an empty variant means. */
export function describeEnv(env: Record<string, string>): string {
  const pairs = Object.entries(env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.join(', ') : "the suite's service env as configured";
}

/** Node.js and libuv read these themselves; no config file names them. */
const RUNTIME_KEY = /^(NODE_|UV_)/;

function sourcesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'generated') sourcesUnder(path, out);
    } else if (entry.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

/**
 * Keys no source of the service (apps/<app>/src) or of the libs it may use (libs/src) names:
 * a misspelt switch would compare one configuration with itself, so the bench refuses it.
 */
export function unknownKeys(variants: Variant[], app: string, root = REPO_ROOT): string[] {
  const keys = [...new Set(variants.flatMap((v) => Object.keys(v.env)))].filter((k) => !RUNTIME_KEY.test(k));
  if (!keys.length) return [];
  const libs = existsSync(join(root, 'libs'))
    ? readdirSync(join(root, 'libs')).map((l) => join(root, 'libs', l, 'src'))
    : [];
  const text = [join(root, app, 'src'), ...libs]
    .flatMap((d) => sourcesUnder(d))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  return keys.filter((k) => !new RegExp(`\\b${k}\\b`).test(text));
}
