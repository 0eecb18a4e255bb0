import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository's `prisma/` folder: PRISMA_DIR if set, else the nearest `prisma/`
 * beside a package.json, walking up from the working directory (npm scripts and
 * Vitest both run from the repository root).
 */
export function prismaDir(start: string = process.cwd()): string {
  if (process.env.PRISMA_DIR) return resolve(process.env.PRISMA_DIR);
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'prisma'))) return join(dir, 'prisma');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No prisma/ folder found above ${start}; set PRISMA_DIR.`);
    dir = parent;
  }
}

export function migrationsDirOf(service: string, root: string = prismaDir()): string {
  return join(root, service, 'migrations');
}

export function schemaFileOf(service: string, root: string = prismaDir()): string {
  return join(root, service, 'schema.prisma');
}
