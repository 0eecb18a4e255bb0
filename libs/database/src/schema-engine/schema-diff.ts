import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { migrationsDirOf, prismaDir, schemaFileOf } from '../workspace';
import { readMigrations } from '../migrations/migration-source';
import { serviceAdapterFactory } from './service-adapter-factory';

/** The few calls of @prisma/schema-engine-wasm used here (its own typings are ESM-only). */
interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
interface WasmModule {
  __wbg_set_wasm(exports: WasmExports): void;
  SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: object) => Promise<WasmSchemaEngine> };
  [name: string]: unknown;
}

/** Node's WebAssembly global, typed here (the project does not load the DOM lib). */
type WasmExports = Record<string, unknown>;
interface WasmApi {
  Module: { new (bytes: Buffer): object; imports(module: object): { module: string; name: string }[] };
  Instance: new (module: object, imports: object) => { exports: WasmExports };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loaded: Promise<WasmModule> | undefined;

/** What the engine prints instead of nothing. */
const EMPTY_MIGRATION = '-- This is an empty migration.';

/**
 * Instantiates the Wasm schema engine by hand: its package entry imports the .wasm file
 * as an ES module, which Node cannot do without a flag.
 */
function loadEngine(): Promise<WasmModule> {
  return (loaded ??= (async () => {
    const require = createRequire(join(prismaDir(), '..', 'package.json'));
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import(gluePath)) as WasmModule;
    const module = new wasmApi.Module(readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm')));
    const imports: Record<string, Record<string, unknown>> = {};
    for (const { module: from, name } of wasmApi.Module.imports(module)) {
      (imports[from] ??= {})[name] = glue[name];
    }
    const instance = new wasmApi.Instance(module, imports);
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return glue;
  })());
}

export type DiffSource = 'empty' | 'migrations';

export interface SchemaDiffOptions {
  service: string;
  /** Needed even from 'empty' (the engine wants a connection); 'migrations' also creates a shadow database beside it. */
  url: string;
  from: DiffSource;
  prismaDir?: string;
}

/**
 * The SQL that takes `from` (nothing, or the committed migrations replayed on a shadow
 * database) to the service's schema.prisma: `prisma migrate diff --to-schema … --script`
 * without the native engine. An empty string means no difference.
 */
export async function schemaDiff(options: SchemaDiffOptions): Promise<string> {
  const root = options.prismaDir ?? prismaDir();
  const schemaPath = schemaFileOf(options.service, root);
  const files = [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
  const { SchemaEngine } = await loadEngine();
  const adapter = bindMigrationAwareSqlAdapterFactory(serviceAdapterFactory(options.url, options.service));
  const engine = await SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content]) },
    () => undefined,
    adapter,
  );
  try {
    const result = await engine.diff({
      from:
        options.from === 'empty' ? { tag: 'empty' } : { tag: 'migrations', ...migrationList(options.service, root) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = (result.stdout ?? '').trim();
    return sql === EMPTY_MIGRATION ? '' : sql;
  } finally {
    engine.free();
  }
}

function migrationList(service: string, root: string) {
  const baseDir = migrationsDirOf(service, root);
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: readLockfile(baseDir) },
    shadowDbInitScript: '',
    migrationDirectories: readMigrations(baseDir).map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
    })),
  };
}

function readLockfile(baseDir: string): string | null {
  try {
    return readFileSync(join(baseDir, 'migration_lock.toml'), 'utf8');
  } catch {
    return null;
  }
}
