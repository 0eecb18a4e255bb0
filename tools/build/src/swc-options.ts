import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Options } from '@swc/core';

// The same transpilation the dev loop gets from @swc-node/register with tsconfig.base.json
// (ES2022, CommonJS, legacy decorators with metadata, define semantics for class fields, class
// names kept), so code behaves the same run from TypeScript or from the build. One difference:
// `@perflab/*` aliases become relative paths in the output, so plain `node` runs it.

export interface TsPaths {
  baseUrl: string;
  paths: Record<string, string[]>;
}

/** compilerOptions.baseUrl and .paths of `<root>/tsconfig.base.json`, made absolute. */
export function readTsPaths(root: string): TsPaths {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { baseUrl?: string; paths?: Record<string, string[]> };
  };
  const baseUrl = resolve(root, compilerOptions.baseUrl ?? '.');
  const paths = Object.fromEntries(
    Object.entries(compilerOptions.paths ?? {}).map(([alias, targets]) => [
      alias,
      targets.map((t) => resolve(baseUrl, t)),
    ]),
  );
  return { baseUrl, paths };
}

export function swcOptions(file: string, ts: TsPaths): Options {
  return {
    filename: file,
    swcrc: false,
    configFile: false,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: false, decorators: true, dynamicImport: true },
      transform: {
        legacyDecorator: true,
        decoratorMetadata: true,
        useDefineForClassFields: true,
      },
      keepClassNames: true,
      baseUrl: ts.baseUrl,
      paths: ts.paths,
    },
    module: { type: 'commonjs', noInterop: false },
    isModule: true,
    minify: false,
    // A .map beside each file: Node reads it only under --enable-source-maps.
    sourceMaps: true,
    inlineSourcesContent: true,
  };
}
