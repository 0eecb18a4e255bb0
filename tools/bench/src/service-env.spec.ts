import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile, redactEnv, serviceEnvFor, substitute } from './service-env';

describe('service env files', () => {
  it('parses KEY=value lines with comments, export and quotes', () => {
    const env = parseEnvFile('# why\n\nexport A=1\nB="two words"\nC=x # trailing\nD=\n');
    expect(env).toEqual({ A: '1', B: 'two words', C: 'x', D: '' });
  });

  it('names the file and line of a bad line', () => {
    expect(() => parseEnvFile('A=1\nnot a pair', 'x.env')).toThrow('x.env:2');
  });

  it('layers service.<profile>.env over service.env, per profile', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-env-'));
    mkdirSync(join(root, 'svc'));
    writeFileSync(join(root, 'svc', 'service.env'), 'WORKERS=1\nRATE_LIMIT_ENABLED=true\n');
    writeFileSync(join(root, 'svc', 'service.load.env'), 'RATE_LIMIT_ENABLED=false\n');
    expect(serviceEnvFor('svc', 'load', root)).toEqual({
      env: { WORKERS: '1', RATE_LIMIT_ENABLED: 'false' },
      files: ['load-tests/svc/service.env', 'load-tests/svc/service.load.env'],
    });
    expect(serviceEnvFor('svc', 'smoke', root).env).toEqual({ WORKERS: '1', RATE_LIMIT_ENABLED: 'true' });
    expect(serviceEnvFor('none', 'smoke', root)).toEqual({ env: {}, files: [] });
  });

  it('puts the run id into ${RUN_ID} and refuses unknown variables', () => {
    expect(substitute({ T: 'bench.${RUN_ID}.v1', N: 'plain' }, { RUN_ID: 'r1' })).toEqual({
      T: 'bench.r1.v1',
      N: 'plain',
    });
    expect(() => substitute({ T: '${NOPE}' }, { RUN_ID: 'r1' })).toThrow('unknown ${NOPE}');
  });

  it('never shows secret values or URL credentials', () => {
    expect(
      redactEnv({ ADMIN_PASSWORD: 'p', JWT_KEY: 'k', DATABASE_URL: 'postgres://u:pw@h/db', WORKERS: '2' }),
    ).toEqual({
      ADMIN_PASSWORD: '(set, not shown)',
      JWT_KEY: '(set, not shown)',
      DATABASE_URL: 'postgres://***@h/db',
      WORKERS: '2',
    });
  });
});
