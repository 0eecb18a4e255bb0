/**
 * `node -r @swc-node/register libs/database/src/cli/generate.ts [<service>...]` runs
 * `prisma generate` for every prisma/<service>/ (or the named ones), writing each
 * client to prisma/<service>/generated/ (git-ignored). Works offline: see generate-clients.ts.
 */
import { generateClients } from './generate-clients';

try {
  generateClients({ services: process.argv.slice(2).filter((arg) => !arg.startsWith('-')) });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
