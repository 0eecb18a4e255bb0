import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOAD_TESTS, REPO_ROOT } from './paths';
import { baselineSuite, serviceSuite } from './suites';
import { loadTargets } from './targets/targets';

// The k6 scripts' scenarios as k6 itself builds them (`k6 inspect`): the real binary the
// bench runs, so a script that no longer parses fails here too.

const K6 = process.env.K6_BIN ?? join(process.env.STACK_DIR ?? join(REPO_ROOT, '.stack'), 'cache', 'bin', 'k6');

interface Scenario {
  executor: string;
  vus?: number;
  duration?: string;
  stages?: { duration: string; target: number }[];
}

function scenarios(script: string, env: Record<string, string>): Record<string, Scenario> {
  const args = ['inspect', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), join(LOAD_TESTS, script)];
  return (JSON.parse(execFileSync(K6, args, { encoding: 'utf8' })) as { scenarios: Record<string, Scenario> })
    .scenarios;
}

/** k6 prints durations as Go does: 1h2m3s. */
function seconds(d: string): number {
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  return [...d.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)].reduce((a, m) => a + Number(m[1]) * unit[m[2]], 0);
}

const length = (s: Scenario) =>
  s.stages ? s.stages.reduce((a, x) => a + seconds(x.duration), 0) : seconds(s.duration!);

const MIX = { create: 0.3, list: 0.2, read: 0.25, mark_read: 0.1, unread_count: 0.15 };
const SUITE = 'notifications/notification-load-test.js';

describe('notifications load shapes', () => {
  it.each(['smoke', 'load', 'stress', 'spike', 'soak'])('%s: delivery runs exactly as long as the load', (p) => {
    const s = scenarios(SUITE, { PROFILE: p, DURATION_SCALE: '0.1' });
    expect(seconds(s.delivery.duration!)).toBe(length(s.create));
    expect(s.delivery.vus).toBe(1);
  });

  it('levels: LEVEL_VUS is the level total, split by the mix', () => {
    const s = scenarios(SUITE, { PROFILE: 'levels', LEVEL_VUS: '100' });
    for (const [op, weight] of Object.entries(MIX)) expect(s[op].vus).toBe(Math.round(100 * weight));
  });

  it("the like-for-like baselines run the suites' own scripts, so their shapes are the same by construction", () => {
    const targets = loadTargets();
    for (const suite of ['notifications', 'auth']) {
      const baseline = baselineSuite(suite, targets);
      expect(baseline.likeForLike).toBe(true);
      expect(baseline.scripts).toEqual(serviceSuite(suite, targets).scripts);
      expect(baseline.port).toBe(targets.suites[suite].port + 100);
    }
  });
});
