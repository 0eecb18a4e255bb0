import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/targets';
import { FUZZED, fuzzEnv } from './fuzz-plan';
import { CHECKS, schemathesisArgs } from './schemathesis';

const admin = { email: 'fuzz-x-admin@example.com', password: 'FuzzAdmin123!' };

describe('the fuzz plan', () => {
  it('fuzzes targets.json suites only, auth first (it issues the tokens)', () => {
    const suites = Object.keys(loadTargets().suites);
    expect(FUZZED[0].name).toBe('auth');
    expect(FUZZED.map((s) => s.name).filter((name) => !suites.includes(name))).toEqual([]);
  });

  it('adds the admin to auth, a webhook secret to ingestion and auth JWKS trust to chat', () => {
    const o = { runId: 'fuzz-x', admin, logLevel: 'warn' };
    expect(fuzzEnv('auth', o)).toMatchObject({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
    expect(fuzzEnv('ingestion', o).WEBHOOK_SECRETS).toMatch(/^fuzz=whsec_[A-Za-z0-9+/=]{44}$/);
    expect(fuzzEnv('chat', o)).toMatchObject({ AUTH_PUBLIC_KEYS: '' });
    expect(fuzzEnv('reporting', o)).toEqual({ NODE_ENV: 'production', WORKERS: '1', LOG_LEVEL: 'warn' });
  });

  it('runs every check with the seed, the examples and the token it is given', () => {
    const args = schemathesisArgs({
      base: 'http://127.0.0.1:3001',
      token: 't0k',
      maxExamples: '20',
      seed: '20261123',
      reportDir: '/tmp/r',
    });
    expect(args.slice(0, 2)).toEqual(['run', 'http://127.0.0.1:3001/openapi.json']);
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('--checks')).toBe(CHECKS.join(','));
    expect(value('--seed')).toBe('20261123');
    expect(value('--max-examples')).toBe('20');
    expect(value('--header')).toBe('Authorization: Bearer t0k');
    expect(value('--report-dir')).toBe('/tmp/r');
  });
});
