import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsDirOf } from '../workspace';

/** A scratch copy of a service's migrations folder, for tests that edit or add migrations. */
export function copyMigrations(service: string): { dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), `perflab-mig-${service}-`));
  const dir = join(root, 'migrations');
  cpSync(migrationsDirOf(service), dir, { recursive: true });
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
