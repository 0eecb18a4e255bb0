import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notRuntimeDependencies } from './build-app';
import { buildEntry, BuiltEntry, packageName } from './build-entry';

// A tiny workspace with what the services use: a path alias, a decorated class whose
// constructor types Nest would read, a type-only import, a JSON file and a lazy require.
const FILES: Record<string, string> = {
  'tsconfig.base.json': JSON.stringify({
    compilerOptions: { baseUrl: '.', paths: { '@fx/lib': ['libs/lib/src/index.ts'] } },
  }),
  'libs/lib/src/index.ts': `export { Greeter } from './greeter';\nexport type { Shape } from './shape';\n`,
  'libs/lib/src/shape.ts': `export interface Shape { name: string }\n`,
  'libs/lib/src/greeter.ts': [
    `import settings from './settings.json';`,
    `export class Dep {}`,
    `function Injectable(): ClassDecorator { return () => undefined; }`,
    `@Injectable()`,
    `export class Greeter {`,
    `  constructor(readonly dep: Dep) {}`,
    `  hello(): string { return settings.greeting; }`,
    `  fail(): never { throw new Error('boom'); }`,
    `}`,
  ].join('\n'),
  'libs/lib/src/settings.json': `{ "greeting": "hi" }`,
  'apps/app/src/lazy.ts': `export const lazy = 'lazy';\n`,
  'apps/app/src/main.ts': [
    `import { Greeter } from '@fx/lib';`,
    `import type { Shape } from '@fx/lib';`,
    `const shape: Shape = { name: 'x' };`,
    `const g = new Greeter(undefined as never);`,
    `if (process.argv[2] === 'fail') g.fail();`,
    `// eslint-disable-next-line @typescript-eslint/no-require-imports`,
    `const { lazy } = require('./lazy') as typeof import('./lazy');`,
    `console.log([g.hello(), lazy, shape.name, Greeter.name].join(' '));`,
  ].join('\n'),
};

describe('buildEntry', () => {
  let root: string;
  let built: BuiltEntry;
  const node = (...args: string[]) => execFileSync(process.execPath, args, { encoding: 'utf8', stdio: 'pipe' });
  const stackOf = (...flags: string[]) => {
    try {
      node(...flags, built.main, 'fail');
    } catch (err) {
      return String((err as { stderr: string }).stderr);
    }
    throw new Error('expected the built entry to exit non-zero');
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'perflab-build-'));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    built = buildEntry({ root, entry: 'apps/app/src/main.ts', outDir: join(root, 'dist', 'app') });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('emits a plain-JS tree that node runs without a transpiler, aliases resolved', () => {
    expect(built.main).toBe(join(root, 'dist/app/apps/app/src/main.js'));
    expect(node(built.main).trim()).toBe('hi lazy x Greeter');
  });

  it('takes only what runs: type-only modules are left out, JSON and lazy requires are in', () => {
    expect(built.files).toEqual([
      'apps/app/src/lazy.ts',
      'apps/app/src/main.ts',
      'libs/lib/src/greeter.ts',
      'libs/lib/src/index.ts',
      'libs/lib/src/settings.json',
    ]);
    expect(existsSync(join(root, 'dist/app/libs/lib/src/shape.js'))).toBe(false);
  });

  it('keeps decorator metadata (Nest reads constructor types from it)', () => {
    const text = readFileSync(join(root, 'dist/app/libs/lib/src/greeter.js'), 'utf8');
    expect(text).toMatch(/"design:paramtypes",\s*\[\s*typeof Dep/);
  });

  it('traces name the compiled file by default and the TypeScript line under --enable-source-maps', () => {
    expect(stackOf()).toMatch(/libs\/lib\/src\/greeter\.js:\d+/);
    expect(stackOf('--enable-source-maps')).toMatch(/libs\/lib\/src\/greeter\.ts:8/);
  });

  it('names the packages the output needs, by package', () => {
    expect(packageName('@prisma/client/runtime/x.js')).toBe('@prisma/client');
    expect(packageName('pino')).toBe('pino');
    expect(notRuntimeDependencies(['pino', '@swc/core'], { dependencies: { pino: '1' } })).toEqual(['@swc/core']);
  });
});
