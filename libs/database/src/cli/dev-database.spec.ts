import { describe, expect, it } from 'vitest';
import { assertDevDatabase, DEV_DATABASE, takeConfirmFlag } from './dev-database';

const url = (name: string) => `postgresql://perflab:perflab@127.0.0.1:5432/${name}?schema=auth`;

describe('assertDevDatabase', () => {
  it('takes the development database from the default DATABASE_URL', () => {
    expect(DEV_DATABASE).toBe('perflab');
  });

  it('allows the development database and disposable ones', () => {
    for (const name of ['perflab', 'perflab_test', 'perflab_test_seed_1', 'perflab_bench']) {
      expect(() => assertDevDatabase(url(name))).not.toThrow();
    }
  });

  it('refuses any other database, naming it and the flag that would allow it', () => {
    expect(() => assertDevDatabase(url('orders'))).toThrow(
      /Refusing to change database "orders".*--confirm-database=orders/,
    );
    expect(() => assertDevDatabase(url('orders'), 'perflab')).toThrow(/Refusing/);
  });

  it('allows another database only when the caller names that database', () => {
    expect(() => assertDevDatabase(url('orders'), 'orders')).not.toThrow();
  });
});

describe('takeConfirmFlag', () => {
  it('takes both spellings and keeps the other arguments in order', () => {
    expect(takeConfirmFlag(['reset', '--confirm-database=x', 'auth'])).toEqual({
      confirmed: 'x',
      rest: ['reset', 'auth'],
    });
    expect(takeConfirmFlag(['--confirm-database', 'x', 'auth'])).toEqual({ confirmed: 'x', rest: ['auth'] });
    expect(takeConfirmFlag(['auth'])).toEqual({ confirmed: undefined, rest: ['auth'] });
  });

  it('refuses the flag without a name', () => {
    expect(() => takeConfirmFlag(['--confirm-database='])).toThrow(/needs a database name/);
    expect(() => takeConfirmFlag(['--confirm-database'])).toThrow(/needs a database name/);
  });
});
