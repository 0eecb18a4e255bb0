import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { prismaDir } from '../workspace';

export interface GenerateOptions {
  /** Default: every prisma/<service>/ with a schema.prisma. */
  services?: string[];
  /** Only services whose client is not generated yet (a fresh clone). */
  onlyMissing?: boolean;
  prismaDir?: string;
}

/**
 * Runs `prisma generate` for each service, writing its client to prisma/<service>/generated/
 * (git-ignored). Returns the services generated.
 *
 * Generating needs no schema engine, but the Prisma CLI still insists on downloading
 * one first; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file (here: node)
 * skips that, so this works offline. A PRISMA_SCHEMA_ENGINE_BINARY already set wins.
 */
export function generateClients(options: GenerateOptions = {}): string[] {
  const root = options.prismaDir ?? prismaDir();
  const known = readdirSync(root).filter((entry) => existsSync(join(root, entry, 'schema.prisma')));
  const requested = options.services?.length ? options.services : known;
  const unknown = requested.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`No prisma/<service>/schema.prisma for: ${unknown.join(', ')}`);
  const services = options.onlyMissing
    ? requested.filter((s) => !existsSync(join(root, s, 'generated', 'client.ts')))
    : requested;

  const require = createRequire(join(root, '..', 'package.json'));
  const cli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1', // no update check over the network
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  for (const service of services) {
    const config = join(root, service, 'prisma.config.ts');
    const result = spawnSync(process.execPath, [cli, 'generate', '--config', relative(process.cwd(), config)], {
      stdio: 'inherit',
      env,
    });
    if (result.status !== 0) throw new Error(`prisma generate failed for ${service}`);
  }
  return services;
}
