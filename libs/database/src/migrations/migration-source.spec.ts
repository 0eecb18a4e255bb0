import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptedChecksums, assertServiceName, checksumOf, listServices, readMigrations } from './migration-source';

describe('migration source', () => {
  let root: string | undefined;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  const layout = (files: Record<string, string>) => {
    root = mkdtempSync(join(tmpdir(), 'perflab-src-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  };

  it('orders migrations by folder name and checksums the file bytes with sha256', () => {
    const dir = layout({
      'm/20260102000000_second/migration.sql': 'SELECT 2;\n',
      'm/20260101000000_first/migration.sql': 'SELECT 1;\n',
      'm/migration_lock.toml': 'provider = "postgresql"\n',
    });
    const migrations = readMigrations(join(dir, 'm'));
    expect(migrations.map((m) => m.name)).toEqual(['20260101000000_first', '20260102000000_second']);
    // sha256("SELECT 1;\n"), as `sha256sum` prints it.
    expect(migrations[0].checksum).toBe('b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd');
    expect(migrations[0].checksum).toBe(checksumOf('SELECT 1;\n'));
  });

  it('fails on a migration folder without migration.sql', () => {
    const dir = layout({ 'm/20260101000000_empty/.keep': '' });
    expect(() => readMigrations(join(dir, 'm'))).toThrow(/20260101000000_empty has no migration.sql/);
  });

  it('accepts the LF form of a CRLF file as the same migration', () => {
    const crlf = Buffer.from('SELECT 1;\r\nSELECT 2;\r\n');
    expect(acceptedChecksums(crlf)).toEqual([checksumOf(crlf), checksumOf('SELECT 1;\nSELECT 2;\n')]);
    expect(acceptedChecksums(Buffer.from('SELECT 1;\n'))).toHaveLength(1);
  });

  it('lists the services that have a migrations folder', () => {
    const dir = layout({ 'auth/migrations/.keep': '', 'notifications/migrations/.keep': '', 'shared/readme.md': '' });
    expect(listServices(dir)).toEqual(['auth', 'notifications']);
  });

  it('only allows service names that are safe schema identifiers', () => {
    expect(() => assertServiceName('auth')).not.toThrow();
    expect(() => assertServiceName('user_profile2')).not.toThrow();
    for (const bad of ['Auth', 'a-b', '1x', 'x"; DROP', ''])
      expect(() => assertServiceName(bad)).toThrow(/Invalid service name/);
  });
});
