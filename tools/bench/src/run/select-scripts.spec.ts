import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOAD_TESTS } from '../paths';
import { serviceSuite, SuiteDef } from '../suites';
import { loadTargets, TargetsFile } from '../targets/targets';
import { selectScripts, stemOf } from './select-scripts';

const targets = loadTargets();
const stems = (s: string[]) => s.map(stemOf);
const suite: SuiteDef = {
  name: 'ingestion',
  targetsSuite: 'ingestion',
  port: 3004,
  entry: 'apps/ingestion/src/main.ts',
  scripts: ['/x/ingestion-load.js', '/x/soak-test.js'],
  job: 'ingestion',
  kind: 'service',
};
const declared: TargetsFile = {
  ...targets,
  suites: {
    ingestion: { ...targets.suites.ingestion, script_profiles: { 'soak-test': ['soak'], 'ingestion-load': ['load'] } },
  },
};

describe('a k6 script runs only under the profiles it declares', () => {
  it('leaves soak-test out of load, and ingestion-load out of soak', () => {
    expect(stems(selectScripts(suite, undefined, { profile: 'load', targets: declared }))).toEqual(['ingestion-load']);
    expect(stems(selectScripts(suite, undefined, { profile: 'soak', targets: declared }))).toEqual(['soak-test']);
  });

  it('runs an undeclared script under every profile, and everything without a profile given', () => {
    const only = {
      ...declared,
      suites: { ingestion: { ...declared.suites.ingestion, script_profiles: { 'soak-test': ['soak'] } } },
    };
    expect(stems(selectScripts(suite, undefined, { profile: 'stress', targets: only }))).toEqual(['ingestion-load']);
    expect(stems(selectScripts(suite))).toEqual(['ingestion-load', 'soak-test']);
  });

  it('refuses a named script under a profile it is not for, saying which it is for', () => {
    expect(() => selectScripts(suite, ['soak-test'], { profile: 'load', targets: declared })).toThrow(
      'ingestion: soak-test runs under soak only (targets.json suites.ingestion.script_profiles), not under load',
    );
    expect(stems(selectScripts(suite, ['soak-test'], { profile: 'soak', targets: declared }))).toEqual(['soak-test']);
  });

  it('says why when no script is for the profile', () => {
    expect(() => selectScripts(suite, undefined, { profile: 'spike', targets: declared })).toThrow(
      'ingestion: no k6 scripts for profile spike (targets.json suites.ingestion.script_profiles) found',
    );
  });

  it("the real targets.json: ingestion's soak-test is for soak only, and every declaration names a real script and profile", () => {
    const ingestion = serviceSuite('ingestion', targets);
    expect(stems(selectScripts(ingestion, undefined, { profile: 'load', targets }))).toEqual(['ingestion-load']);
    expect(stems(selectScripts(ingestion, undefined, { profile: 'soak', targets }))).toEqual(['soak-test']);
    for (const [name, s] of Object.entries(targets.suites))
      for (const [stem, profiles] of Object.entries(s.script_profiles ?? {})) {
        expect(existsSync(join(LOAD_TESTS, name, `${stem}.js`)), `${name}/${stem}.js`).toBe(true);
        for (const p of profiles) expect(Object.keys(targets.profile_level), `${name}/${stem}: ${p}`).toContain(p);
      }
  });
});
