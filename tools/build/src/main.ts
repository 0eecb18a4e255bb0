/**
 * Compiles services to plain JavaScript (docs/adr/0014):
 *
 *   node -r @swc-node/register tools/build/src/main.ts auth notifications   # dist/auth, dist/notifications
 *   node -r @swc-node/register tools/build/src/main.ts --all
 *   node -r @swc-node/register tools/build/src/main.ts --entry load-tests/baselines/auth.ts --out dist/baseline-auth
 *
 * Run a build with `node dist/<app>/apps/<app>/src/main.js`; add `--enable-source-maps`
 * (or NODE_OPTIONS=--enable-source-maps) for stack traces in TypeScript lines.
 */
import { resolve } from 'node:path';
import { appsIn, buildApp } from './build-app';
import { buildEntry, BuiltEntry } from './build-entry';

const ROOT = resolve(__dirname, '../../..');

function report(name: string, b: BuiltEntry): void {
  console.log(`${name}: ${b.files.length} files in ${b.ms} ms → ${b.main}`);
}

function main(args: string[]): void {
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const entry = at('--entry');
  if (entry) {
    const out = at('--out');
    if (!out) throw new Error('build: --entry needs --out <dir>');
    report(entry, buildEntry({ root: ROOT, entry, outDir: resolve(ROOT, out) }));
    return;
  }
  const apps = args.includes('--all') ? appsIn(ROOT) : args.filter((a) => !a.startsWith('-'));
  if (!apps.length) throw new Error('build: name the apps to build, or --all, or --entry <file> --out <dir>');
  for (const app of apps) report(app, buildApp(ROOT, app));
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
