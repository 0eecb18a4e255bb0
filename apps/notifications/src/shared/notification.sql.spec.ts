import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USER_PAGE_SQL, listPageSql, listWhere } from './notification.sql';

describe('notification.sql', () => {
  // The bare baseline (load-tests/baselines/notifications*.ts) imports this module: an import
  // here would pull service code (Nest, Prisma) into the baseline's build and its processes.
  it('imports nothing', () => {
    const source = readFileSync(join(__dirname, 'notification.sql.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export \* from|export \{[^}]*\} from)\b/m);
    expect(source).not.toMatch(/\brequire\(/);
  });

  it("USER_PAGE_SQL is the text the service's list runs for one user's page (the load test's list)", () => {
    const values: unknown[] = [];
    const where = listWhere({ userId: '5b0d2f4e-0d3c-4a8e-9a55-1f2d3c4b5a69' }, values);
    expect(listPageSql(where, values.length)).toBe(USER_PAGE_SQL);
    expect(values).toEqual(['5b0d2f4e-0d3c-4a8e-9a55-1f2d3c4b5a69']);
    expect(USER_PAGE_SQL).toMatch(
      /WHERE TRUE AND user_id = \$1::uuid\s+ORDER BY created_at DESC, id DESC LIMIT \$2 OFFSET \$3$/,
    );
  });
});
