import { describe, expect, it } from 'vitest';
import { parseMigrateArgs } from './migrate-args';

describe('parseMigrateArgs', () => {
  it('applies pending migrations of every service, or of those named', () => {
    expect(parseMigrateArgs([])).toEqual({ reset: false, services: [], confirmed: undefined });
    expect(parseMigrateArgs(['auth'])).toEqual({ reset: false, services: ['auth'], confirmed: undefined });
  });

  it('reads reset, its services and the confirmation', () => {
    expect(parseMigrateArgs(['reset'])).toEqual({ reset: true, services: [], confirmed: undefined });
    expect(parseMigrateArgs(['reset', 'notifications', '--confirm-database=x'])).toEqual({
      reset: true,
      services: ['notifications'],
      confirmed: 'x',
    });
  });

  it('refuses unknown options and a confirmation without reset', () => {
    expect(() => parseMigrateArgs(['reset', '--force'])).toThrow(/Unknown option --force/);
    expect(() => parseMigrateArgs(['--confirm-database=x'])).toThrow(/only applies to reset/);
  });
});
