import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RESULTS_DIR } from './paths';
import { stamp, type RunOptions, type RunOutcome } from './run-suite';
import { roundStart, type RoundStart } from './round-start';
import type { SuiteDef } from './suites';
import { targetsFor, type Bound, type TargetsFile } from './targets/targets';
import { renderSweep, sweepCapacities, sweepDone, sweepOperations } from './sweep-baseline';

/** The rate scales of `--sweep 0.5,0.6,0.7`, checked against the rest of the command. */
export function parseSweep(
  text: string,
  c: { profile: string; baseline: boolean; repeat: number; names: string[] },
): number[] {
  if (c.profile !== 'rate' && c.profile !== 'load')
    throw new Error(
      "--sweep steps an open model's offered rate (--rate-scale): use it with --profile rate, or load for a suite whose load scenarios are open (auth's profile reads)",
    );
  if (!c.baseline) throw new Error('--sweep compares the service with its baseline at each rate: add --baseline');
  if (c.repeat > 1) throw new Error('--sweep runs one pair per rate: not with --repeat');
  if (c.names.length !== 1 || c.names[0].startsWith('baseline-'))
    throw new Error('--sweep runs one suite against its baseline (not all, not a baseline-*)');
  const rates = text.split(',').map((s) => Number(s.trim()));
  if (rates.length < 2 || rates.some((r) => !Number.isFinite(r) || r <= 0))
    throw new Error(`--sweep "${text}": two or more positive rate scales, e.g. 0.5,0.6,0.7`);
  if (rates.some((r, i) => i > 0 && r <= rates[i - 1]))
    throw new Error(`--sweep "${text}": rate scales in rising order`);
  return rates;
}

/** The operation's p95 bar under the profile, ms (a number bound or its lt/lte). */
function p95Bar(targets: TargetsFile, suite: string, operation: string, profile: string): number | undefined {
  let bound: Bound | undefined;
  try {
    bound = targetsFor(targets, suite, operation, profile).latency_ms?.p95;
  } catch {
    return undefined;
  }
  if (bound === undefined) return undefined;
  return typeof bound === 'number' ? bound : (bound.lt ?? bound.lte);
}

/**
 * One service/baseline pair per rate scale, rising, alternating which half goes first; stops
 * early once every operation is over its p95 bar on both sides. SWEEP.md and sweep.json.
 */
export async function runSwept(
  suite: SuiteDef,
  targets: TargetsFile,
  opts: RunOptions,
  c: { rates: number[]; settleMs: number; quietWaitSeconds: number },
  once: (o: RunOptions, index: number) => Promise<RunOutcome>,
  verdict: (name: string, out: RunOutcome, log: (s: string) => void) => boolean,
): Promise<boolean> {
  const dir = join(RESULTS_DIR, `${stamp()}-${suite.name}-${opts.profile}-sweep`);
  mkdirSync(dir, { recursive: true });
  const barFor = (operation: string) => p95Bar(targets, suite.targetsSuite, operation, opts.profile);
  const goal = targets.baseline_goal?.throughput_ratio ?? { gte: 0.8 };
  const steps: { rateScale: number; out: RunOutcome; start: RoundStart }[] = [];
  for (const [i, rateScale] of c.rates.entries()) {
    if (i > 0) {
      opts.log(`settling ${c.settleMs / 1000} s before step ${i + 1}`);
      await new Promise((r) => setTimeout(r, c.settleMs));
    }
    opts.log(`sweep step ${i + 1}/${c.rates.length}: rate scale ${rateScale}`);
    const out = await once(
      { ...opts, rateScale, outDir: join(dir, `step-${i + 1}-x${rateScale}`), quietWaitSeconds: c.quietWaitSeconds },
      i,
    );
    verdict(`${suite.name} step ${i + 1}`, out, opts.log);
    steps.push({ rateScale, out, start: roundStart(`step ${i + 1}`, out.run) });
    if (
      sweepDone(
        sweepOperations(
          steps.map((s) => ({ rateScale: s.rateScale, run: s.out.run })),
          barFor,
        ),
      )
    ) {
      if (i < c.rates.length - 1)
        opts.log('sweep: every operation over its p95 bar on both sides; higher rates skipped');
      break;
    }
  }
  const runs = steps.map((s) => ({ rateScale: s.rateScale, run: s.out.run, folder: relative(dir, s.out.dir) }));
  const operations = sweepOperations(runs, barFor);
  const capacities = sweepCapacities(operations, goal);
  writeFileSync(
    join(dir, 'sweep.json'),
    JSON.stringify(
      {
        suite: suite.name,
        command: opts.command,
        rates: runs.map((r) => r.rateScale),
        operations,
        capacities,
        roundStarts: steps.map((s) => s.start),
      },
      null,
      1,
    ),
  );
  writeFileSync(
    join(dir, 'SWEEP.md'),
    renderSweep(
      suite.name,
      runs,
      barFor,
      goal,
      opts.command,
      steps.map((s) => s.start),
    ),
  );
  const settled = capacities.filter((x) => x.goal !== null);
  const met = settled.filter((x) => x.goal).length;
  opts.log(
    `sweep: throughput at equal p95 meets the goal for ${met} of ${capacities.length} operations` +
      (settled.length < capacities.length ? ` (${capacities.length - settled.length} not settled)` : '') +
      ` — ${join(dir, 'SWEEP.md')}`,
  );
  return settled.length === capacities.length && met === capacities.length;
}
