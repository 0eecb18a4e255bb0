import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEntry, BuiltEntry } from './build-entry';

// A service's build: apps/<app>/src/main.ts and what it loads, into dist/<app>/. Every npm
// package the output requires must be a runtime dependency in package.json: the image's
// runtime stage installs only those (`npm ci --omit=dev`).

/** Where a checkout's build of `app` lands. */
export function appOutDir(root: string, app: string): string {
  return join(root, 'dist', app);
}

/** The compiled entry of `entry` (a repo-relative .ts) built into `outDir`. */
export function builtMain(outDir: string, entry: string): string {
  return join(outDir, entry.replace(/\.ts$/, '.js'));
}

export function appsIn(root: string): string[] {
  const apps = join(root, 'apps');
  return readdirSync(apps)
    .filter((name) => existsSync(join(apps, name, 'src', 'main.ts')))
    .sort();
}

export function buildApp(root: string, app: string): BuiltEntry {
  const entry = join('apps', app, 'src', 'main.ts');
  if (!existsSync(join(root, entry))) throw new Error(`build: no app "${app}" (${entry} does not exist)`);
  const built = buildEntry({ root, entry, outDir: appOutDir(root, app) });
  assertRuntimeDependencies(root, app, built.packages);
  return built;
}

/** Packages required by the output that package.json does not list under "dependencies". */
export function notRuntimeDependencies(packages: string[], packageJson: { dependencies?: object }): string[] {
  const runtime = new Set(Object.keys(packageJson.dependencies ?? {}));
  return packages.filter((p) => !runtime.has(p));
}

function assertRuntimeDependencies(root: string, app: string, packages: string[]): void {
  const missing = notRuntimeDependencies(packages, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  if (missing.length)
    throw new Error(
      `build ${app}: the output requires ${missing.join(', ')}, not in package.json "dependencies" (the image installs only those)`,
    );
}
