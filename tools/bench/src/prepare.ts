import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import { ensureStack, StackEnv } from './stack';

// What the bench starts, made ready before any suite runs, so `npm ci && npm run bench …`
// works on a fresh clone: the stack (installed and started by stack.sh, k6 included) and each
// checkout's generated Prisma clients. Each run then recreates and migrates the bench
// database and runs the suite's seed (run-suite.ts): those are per run on purpose.

/** The stack up and these checkouts' generated clients current; cheap when all is done. */
export function prepare(log: (s: string) => void, roots: string[] = [REPO_ROOT]): StackEnv {
  const env = ensureStack(log);
  for (const root of roots) preparePrismaClients(root, log);
  return env;
}

const STAMP = '.perflab-stamp';

const isLink = (path: string) => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * What a generated client is made from: the schema, its config, and the Prisma versions
 * (generator and runtime). The same inputs give the same client, so it is kept.
 */
export function clientStamp(root: string, service: string): string {
  const require = createRequire(join(root, 'package.json'));
  const version = (pkg: string) =>
    (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  const hash = createHash('sha256');
  for (const file of ['schema.prisma', 'prisma.config.ts']) {
    const path = join(root, 'prisma', service, file);
    hash.update(`${file}\0${existsSync(path) ? readFileSync(path) : ''}\0`);
  }
  hash.update(`prisma@${version('prisma')}\0@prisma/client@${version('@prisma/client')}`);
  return hash.digest('hex');
}

/** Services of a checkout whose generated client is missing or made from other inputs. */
export function staleClients(root: string): { service: string; stamp: string }[] {
  const prismaDir = join(root, 'prisma');
  if (!existsSync(prismaDir)) return [];
  return readdirSync(prismaDir)
    .filter((service) => existsSync(join(prismaDir, service, 'schema.prisma')))
    .map((service) => ({ service, stamp: clientStamp(root, service) }))
    .filter(({ service, stamp }) => {
      const generated = join(prismaDir, service, 'generated');
      // A link is another checkout's client (older compare worktrees borrowed main's): never
      // generate through it.
      if (isLink(generated)) return true;
      const file = join(generated, STAMP);
      return !existsSync(join(generated, 'client.ts')) || !existsSync(file) || readFileSync(file, 'utf8') !== stamp;
    });
}

/** `prisma generate` (through the project's db:generate CLI) for the stale services only. */
export function preparePrismaClients(root: string, log: (s: string) => void): void {
  const started = Date.now();
  const stale = staleClients(root);
  const where = root === REPO_ROOT ? '' : ` in ${root}`;
  if (stale.length === 0) {
    log(`prisma: generated clients up to date${where} (checked in ${Date.now() - started} ms)`);
    return;
  }
  const services = stale.map((s) => s.service);
  log(`prisma: generating clients for ${services.join(', ')}${where}`);
  for (const { service } of stale) {
    const generated = join(root, 'prisma', service, 'generated');
    if (isLink(generated)) unlinkSync(generated);
    rmSync(join(generated, STAMP), { force: true });
  }
  try {
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'libs/database/src/cli/generate.ts', ...services], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `prisma: generating clients for ${services.join(', ')}${where} failed:\n${[e.stdout, e.stderr].join('\n').trim() || e.message}`,
    );
  }
  for (const { service, stamp } of stale) writeFileSync(join(root, 'prisma', service, 'generated', STAMP), stamp);
  log(`prisma: generated clients for ${services.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
