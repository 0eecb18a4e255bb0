import { describe, expect, it } from 'vitest';
import { loadReportingConfig } from './reporting.config';

/** The message of the error loading `env` throws ('' when it loads). */
function refusal(env: Record<string, string>): string {
  try {
    loadReportingConfig(env);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('reporting config: the 003 switches', () => {
  it("defaults to 003's starting point with its recommendations on: pool 20, rollups, a 5-min cache, batched statements", () => {
    const config = loadReportingConfig({});
    expect(config.DATABASE_POOL_SIZE).toBe(20);
    expect(config.REPORT_SOURCE).toBe('rollups');
    expect(config.REPORT_CACHE_ENABLED).toBe(true);
    expect(config.REPORT_CACHE_TTL_SECONDS).toBe(300);
    expect(config.CONSUMER_BATCH_STATEMENTS).toBe(true);
  });

  it('takes each side of every switch', () => {
    const config = loadReportingConfig({
      DATABASE_POOL_SIZE: '50',
      REPORT_SOURCE: 'raw',
      REPORT_CACHE_ENABLED: 'false',
      CONSUMER_BATCH_STATEMENTS: 'false',
    });
    expect(config).toMatchObject({
      DATABASE_POOL_SIZE: 50,
      REPORT_SOURCE: 'raw',
      REPORT_CACHE_ENABLED: false,
      CONSUMER_BATCH_STATEMENTS: false,
    });
  });

  it.each([
    ['DATABASE_POOL_SIZE', 'fifty'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_POOL_SIZE', '501'],
    ['REPORT_SOURCE', 'materialized-views'],
    ['REPORT_CACHE_ENABLED', 'maybe'],
    ['REPORT_CACHE_TTL_SECONDS', '0'],
    ['CONSUMER_BATCH_STATEMENTS', 'sometimes'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(refusal({ [name]: value })).toMatch(new RegExp(`${name}\\b`));
  });
});
