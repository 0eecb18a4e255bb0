import { describe, expect, it } from 'vitest';
import { databaseNameOf, withoutSchemaParam } from './connection-url';

describe('connection URLs', () => {
  it('drops Prisma’s ?schema= and keeps everything else', () => {
    expect(withoutSchemaParam('postgresql://u:p@h:5432/db?schema=auth&sslmode=disable')).toBe(
      'postgresql://u:p@h:5432/db?sslmode=disable',
    );
    expect(withoutSchemaParam('postgresql://u:p@h/db')).toBe('postgresql://u:p@h/db');
  });

  it('reads the database name', () => {
    expect(databaseNameOf('postgresql://u:p@h:5432/perflab_test?schema=x')).toBe('perflab_test');
  });
});
