/**
 * `node -r @swc-node/register libs/database/src/cli/generate.ts [<service>...]` runs
 * `prisma generate` for every prisma/<service>/ (or the named ones), writing each
 * client to prisma/<service>/generated/ (git-ignored).
 *
 * Generating needs no schema engine, but the Prisma CLI still insists on downloading
 * one first; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file (here: node)
 * skips that, so this works offline. A PRISMA_SCHEMA_ENGINE_BINARY already set wins.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { prismaDir } from '../workspace';

function main(): void {
  const root = prismaDir();
  const known = readdirSync(root).filter((entry) => existsSync(join(root, entry, 'schema.prisma')));
  const services = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = services.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`No prisma/<service>/schema.prisma for: ${unknown.join(', ')}`);

  const require = createRequire(join(root, '..', 'package.json'));
  const cli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1', // no update check over the network
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  for (const service of services.length > 0 ? services : known) {
    const config = join(root, service, 'prisma.config.ts');
    const result = spawnSync(process.execPath, [cli, 'generate', '--config', relative(process.cwd(), config)], {
      stdio: 'inherit',
      env,
    });
    if (result.status !== 0) throw new Error(`prisma generate failed for ${service}`);
  }
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
