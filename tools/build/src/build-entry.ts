import { transformSync } from '@swc/core';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { readTsPaths, swcOptions, TsPaths } from './swc-options';

// Compiles one entry point and every file it loads at run time (followed through the
// compiled `require`s, so type-only imports add nothing) into `outDir`, keeping the
// repository's layout: `apps/auth/src/main.ts` → `<outDir>/apps/auth/src/main.js`. The
// output resolves its packages from the checkout's node_modules (or /app/node_modules in
// the image), as the sources do.

export interface BuiltEntry {
  /** absolute path of the compiled entry */
  main: string;
  /** repo-relative source files compiled or copied */
  files: string[];
  /** npm packages the output requires (by package name, sorted) */
  packages: string[];
  ms: number;
}

const REQUIRE = /\brequire\((["'])([^"']+)\1\)/g;

export function buildEntry(o: { root: string; entry: string; outDir: string; ts?: TsPaths }): BuiltEntry {
  const started = Date.now();
  const root = resolve(o.root);
  const ts = o.ts ?? readTsPaths(root);
  const entry = resolve(root, o.entry);
  if (!existsSync(entry)) throw new Error(`build: ${o.entry} does not exist`);
  rmSync(o.outDir, { recursive: true, force: true });
  const seen = new Set<string>([entry]);
  const queue = [entry];
  const packages = new Set<string>();
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const rel = relative(root, file);
    if (rel.startsWith('..')) throw new Error(`build: ${file} is outside ${root}`);
    const code = file.endsWith('.ts') ? compile(file, rel, o.outDir, ts) : copy(file, rel, o.outDir);
    if (code === undefined) continue;
    for (const [, , spec] of code.matchAll(REQUIRE)) {
      if (spec.startsWith('.')) {
        const dep = resolveSource(dirname(file), spec);
        if (!dep) throw new Error(`build: ${rel} requires "${spec}", which resolves to no .ts, .js or .json file`);
        if (!seen.has(dep)) {
          seen.add(dep);
          queue.push(dep);
        }
      } else if (!isBuiltin(spec)) packages.add(packageName(spec));
    }
  }
  return {
    main: join(o.outDir, relative(root, entry).replace(/\.ts$/, '.js')),
    files: [...seen].map((f) => relative(root, f)).sort(),
    packages: [...packages].sort(),
    ms: Date.now() - started,
  };
}

function compile(file: string, rel: string, outDir: string, ts: TsPaths): string {
  const out = transformSync(readFileSync(file, 'utf8'), swcOptions(file, ts));
  const target = join(outDir, rel.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(target), { recursive: true });
  const map = JSON.parse(out.map ?? '{}') as { sources?: string[]; file?: string };
  map.sources = [relative(dirname(target), file)];
  map.file = basename(target);
  writeFileSync(`${target}.map`, JSON.stringify(map));
  writeFileSync(target, `${out.code}\n//# sourceMappingURL=${basename(target)}.map\n`);
  return out.code;
}

/** Plain .js (scanned for its requires) and .json files go over as they are. */
function copy(file: string, rel: string, outDir: string): string | undefined {
  const target = join(outDir, rel);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  return file.endsWith('.js') || file.endsWith('.cjs') ? readFileSync(file, 'utf8') : undefined;
}

function resolveSource(fromDir: string, spec: string): string | undefined {
  const base = resolve(fromDir, spec);
  const candidates = [
    `${base}.ts`,
    join(base, 'index.ts'),
    base.replace(/\.js$/, '.ts'),
    base,
    `${base}.js`,
    `${base}.json`,
    join(base, 'index.js'),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** `@scope/pkg/sub/path` → `@scope/pkg`, `pkg/sub` → `pkg`. */
export function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
