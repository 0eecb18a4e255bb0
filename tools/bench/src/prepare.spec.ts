import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths';
import { clientStamp, staleClients } from './prepare';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

/** A checkout with one schema and this repository's node_modules (for the Prisma versions). */
function checkout(): string {
  const root = tempDir('bench-prepare-');
  writeFileSync(join(root, 'package.json'), '{}');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'prisma', 'shop', 'generated'), { recursive: true });
  writeFileSync(join(root, 'prisma', 'shop', 'schema.prisma'), 'model Item { id Int @id }\n');
  writeFileSync(join(root, 'prisma', 'shop', 'prisma.config.ts'), 'export default {};\n');
  return root;
}

const generate = (root: string) => {
  writeFileSync(join(root, 'prisma', 'shop', 'generated', 'client.ts'), '// generated\n');
  writeFileSync(join(root, 'prisma', 'shop', 'generated', '.perflab-stamp'), clientStamp(root, 'shop'));
};

describe('generated Prisma clients', () => {
  it('are stale when missing, and current once generated from the same inputs', () => {
    const root = checkout();
    expect(staleClients(root).map((s) => s.service)).toEqual(['shop']);
    generate(root);
    expect(staleClients(root)).toEqual([]);
  });

  it('are stale again when the schema or its config changes', () => {
    const root = checkout();
    generate(root);
    writeFileSync(join(root, 'prisma', 'shop', 'schema.prisma'), 'model Item { id Int @id\n name String }\n');
    expect(staleClients(root).map((s) => s.service)).toEqual(['shop']);
    generate(root);
    writeFileSync(join(root, 'prisma', 'shop', 'prisma.config.ts'), 'export default { schema: "x" };\n');
    expect(staleClients(root).map((s) => s.service)).toEqual(['shop']);
  });

  it('are stale when generated/ links to another checkout (it is never generated through)', () => {
    const other = checkout();
    generate(other);
    const root = checkout();
    const generated = join(root, 'prisma', 'shop', 'generated');
    rmSync(generated, { recursive: true });
    symlinkSync(join(other, 'prisma', 'shop', 'generated'), generated);
    expect(staleClients(root).map((s) => s.service)).toEqual(['shop']);
  });

  it('ignores prisma/ folders without a schema and checkouts without prisma/', () => {
    const root = checkout();
    mkdirSync(join(root, 'prisma', 'notes'));
    generate(root);
    expect(staleClients(root)).toEqual([]);
    expect(staleClients(tempDir('bench-prepare-empty-'))).toEqual([]);
  });
});
