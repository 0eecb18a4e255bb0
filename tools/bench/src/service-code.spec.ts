import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths';
import { benchOutDir, runFromEnv, serviceCode } from './service-code';

const log = () => undefined;
const STAND_IN = 'tools/bench/src/testing/stand-in-service.fixture.ts';

describe('serviceCode', () => {
  const empty = mkdtempSync(join(tmpdir(), 'bench-old-checkout-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('runs from compiled JavaScript by default, built once per entry', () => {
    const a = serviceCode({ name: 'stand-in', root: REPO_ROOT, entry: STAND_IN, node: process.execPath, log });
    expect(a.args).toEqual([
      join(REPO_ROOT, 'dist/bench/tools-bench-src-testing-stand-in-service.fixture', STAND_IN.replace(/\.ts$/, '.js')),
    ]);
    expect(existsSync(a.args[0])).toBe(true);
    expect(a.from).toMatch(
      /^compiled JavaScript \(dist\/bench\/tools-bench-src-testing-stand-in-service\.fixture, built in/,
    );
    const b = serviceCode({ name: 'stand-in-2', root: REPO_ROOT, entry: STAND_IN, node: process.execPath, log });
    expect(b).toBe(a);
  });

  it('runs from TypeScript when asked, or when the checkout has no build (an older ref)', () => {
    const ts = serviceCode({ name: 's', root: REPO_ROOT, entry: STAND_IN, node: process.execPath, log, runFrom: 'ts' });
    expect(ts.args).toEqual(['-r', '@swc-node/register', join(REPO_ROOT, STAND_IN)]);
    const old = serviceCode({ name: 's', root: empty, entry: 'apps/x/src/main.ts', node: process.execPath, log });
    expect(old.args[0]).toBe('-r');
    expect(old.from).toContain('has no tools/build/src/main.ts');
  });

  it('names the bench output after the app, or after the entry path', () => {
    expect(benchOutDir('apps/notifications/src/main.ts')).toBe('dist/bench/notifications');
    expect(benchOutDir('load-tests/baselines/auth.ts')).toBe('dist/bench/load-tests-baselines-auth');
  });

  it('reads PERFLAB_RUN_FROM (js by default) and refuses anything else', () => {
    expect(runFromEnv({})).toBe('js');
    expect(runFromEnv({ PERFLAB_RUN_FROM: 'TS' })).toBe('ts');
    expect(() => runFromEnv({ PERFLAB_RUN_FROM: 'tsx' })).toThrow(/PERFLAB_RUN_FROM must be js or ts, not "tsx"/);
  });
});
