import { describe, expect, it } from 'vitest';
import { main } from './cli';
import { withVariant } from './run/start-services';
import { describeEnv, parseVariants, unknownKeys } from './variants';

describe('--variant parsing', () => {
  it('reads two named configurations', () => {
    expect(parseVariants(['pool20:DATABASE_POOL_SIZE=20', 'pool50:DATABASE_POOL_SIZE=50'])).toEqual([
      { name: 'pool20', env: { DATABASE_POOL_SIZE: '20' } },
      { name: 'pool50', env: { DATABASE_POOL_SIZE: '50' } },
    ]);
  });

  it('takes several keys, by commas or by giving the name again, and values with = or commas of their own', () => {
    const [raw, cached] = parseVariants([
      'raw:REPORT_SOURCE=raw,REPORT_CACHE_ENABLED=false',
      'raw:WEBHOOK_SECRETS=a=whsec_x,y',
      'cached:',
    ]);
    expect(raw.env).toEqual({ REPORT_SOURCE: 'raw', REPORT_CACHE_ENABLED: 'false', WEBHOOK_SECRETS: 'a=whsec_x,y' });
    expect(cached.env).toEqual({});
    expect(describeEnv(raw.env)).toBe('REPORT_CACHE_ENABLED=false, REPORT_SOURCE=raw, WEBHOOK_SECRETS=a=whsec_x,y');
    expect(describeEnv(cached.env)).toBe("the suite's service env as configured");
  });

  it.each([
    [['a:X=1'], '--variant needs exactly two names (A and B), got 1: a'],
    [['a:X=1', 'b:X=2', 'c:X=3'], 'got 3: a, b, c'],
    [['X=1', 'b:X=2'], 'expected name:KEY=value'],
    [['a:X', 'b:X=2'], '"X" is not KEY=value'],
    [['a:1X=1', 'b:X=2'], '"1X=1" is not KEY=value'],
    [['a:X=1', 'a:X=2', 'b:X=3'], 'a: X given twice with different values'],
    [['a:X=1', 'b:X=1'], 'a and b have the same env: nothing to compare'],
  ])('refuses %j', (specs, message) => {
    expect(() => parseVariants(specs)).toThrow(message);
  });

  it("refuses a key the service's sources and libs never name (a typo would compare a configuration with itself)", () => {
    const pool = parseVariants(['pool20:DATABASE_POOL_SIZE=20', 'pool50:DATABASE_POOL_SIZE=50']);
    expect(unknownKeys(pool, 'apps/reporting')).toEqual([]);
    // 003's switches, as the services name them
    const switches = parseVariants([
      'before:REPORT_SOURCE=raw,REPORT_CACHE_ENABLED=false',
      'after:REPORT_SOURCE=rollups,REPORT_CACHE_ENABLED=true,WORKERS=2,NODE_OPTIONS=--max-old-space-size=512',
    ]);
    expect(unknownKeys(switches, 'apps/reporting')).toEqual([]);
    expect(unknownKeys(parseVariants(['a:INGEST_BATCH_MAX=0', 'b:INGEST_BATCH_MAX=100']), 'apps/ingestion')).toEqual(
      [],
    );
    expect(unknownKeys(parseVariants(['a:DATABASE_POOL_SIZ=20', 'b:REPORT_CACHE=false']), 'apps/reporting')).toEqual([
      'DATABASE_POOL_SIZ',
      'REPORT_CACHE',
    ]);
  });

  it('the CLI refuses a bad --variant before running anything (exit 2)', async () => {
    const quiet = (argv: string[]) => main(argv);
    const stderr = process.stderr.write;
    const said: string[] = [];
    process.stderr.write = ((s: string) => (said.push(s), true)) as typeof process.stderr.write;
    try {
      expect(await quiet(['reporting', '--variant', 'only:DATABASE_POOL_SIZE=20'])).toBe(2);
      expect(await quiet(['reporting', '--compare', 'main', 'HEAD', '--variant', 'a:X=1', '--variant', 'b:X=2'])).toBe(
        2,
      );
      expect(await quiet(['reporting', '--baseline', '--variant', 'a:X=1', '--variant', 'b:X=2'])).toBe(2);
    } finally {
      process.stderr.write = stderr;
    }
    expect(said.join('')).toContain('--variant needs exactly two names');
    expect(said.join('')).toContain('one or the other');
    expect(said.join('')).toContain('not all, a baseline-*, or with --baseline');
  });
});

describe("a variant's env reaches the service", () => {
  it('wins over the env files and is named among them in the report', () => {
    const files = {
      env: { DATABASE_POOL_SIZE: '20', SEED_EVENTS: '300000' },
      files: ['load-tests/reporting/service.env'],
    };
    expect(withVariant(files, { DATABASE_POOL_SIZE: '50', REPORT_CACHE_ENABLED: 'false' })).toEqual({
      env: { DATABASE_POOL_SIZE: '50', SEED_EVENTS: '300000', REPORT_CACHE_ENABLED: 'false' },
      files: ['load-tests/reporting/service.env', '--variant DATABASE_POOL_SIZE, REPORT_CACHE_ENABLED'],
    });
    expect(withVariant(files, {})).toBe(files);
    expect(withVariant(files)).toBe(files);
  });
});
