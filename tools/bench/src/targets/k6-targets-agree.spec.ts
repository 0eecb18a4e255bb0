import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOAD_TESTS, TARGETS_FILE } from '../paths';
import { levelOf, loadTargets, ScenarioTargets, targetsFor } from './targets';

// The bars are merged twice: by k6 (load-tests/lib/targets.js, for thresholds) and by the bench
// (targets.ts, for the report). k6 cannot load TypeScript and the bench cannot run k6's init
// context, so both stay — and this test holds them to the same answer for every suite,
// scenario and profile of the real targets.json.

interface K6Targets {
  targetsFor(suite: string, scenario: string, profile: string): ScenarioTargets;
  levelOf(profile: string): string;
}

const t = loadTargets();
let k6: K6Targets;

beforeAll(async () => {
  // k6's init-context globals, as k6 provides them: open() reads a file, __ENV is the env.
  const g = globalThis as Record<string, unknown>;
  g.__ENV = { TARGETS_FILE };
  g.open = (file: string) => readFileSync(file, 'utf8');
  k6 = (await import(join(LOAD_TESTS, 'lib', 'targets.js'))) as K6Targets;
});

const profiles = [...Object.keys(t.profile_level), 'not-a-profile'];

describe('k6 thresholds and the bench report merge targets.json alike', () => {
  it('maps every profile to the same level', () => {
    for (const p of profiles) expect(k6.levelOf(p)).toBe(levelOf(t, p));
  });

  it.each(Object.keys(t.suites))('gives the same bars for every scenario and profile of %s', (suite) => {
    for (const scenario of Object.keys(t.suites[suite].scenarios))
      for (const profile of profiles)
        expect(k6.targetsFor(suite, scenario, profile), `${suite}/${scenario}/${profile}`).toEqual(
          targetsFor(t, suite, scenario, profile),
        );
  });

  it('fails alike on an unknown suite or scenario', () => {
    expect(() => k6.targetsFor('nope', 'x', 'load')).toThrow('no suite "nope"');
    expect(() => targetsFor(t, 'nope', 'x', 'load')).toThrow('no suite "nope"');
    expect(() => k6.targetsFor('auth', 'nope', 'load')).toThrow('has no scenario "nope"');
    expect(() => targetsFor(t, 'auth', 'nope', 'load')).toThrow('has no scenario "nope"');
  });
});
