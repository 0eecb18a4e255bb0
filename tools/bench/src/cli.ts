import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadTargets } from './targets/targets';
import { baselineSuite, existingSuites, serviceSuite } from './suites';
import { finish, Generator, runSuite, RunOptions, RunOutcome, stamp } from './run-suite';
import { roundStart, RoundStart } from './round-start';
import { failCaveats } from './report/verdicts';
import { renderBaselineRepeat } from './repeat-baseline';
import { parseSweep, runSwept } from './sweep-run';
import { renderRepeat, repeatRows, repeatVerdict } from './repeatability';
import { renderGeneratorSpread } from './generator-spread';
import { RESULTS_DIR } from './paths';
import { SuiteDef } from './suites';
import { TargetsFile } from './targets/targets';
import { StackEnv } from './stack';
import { prepare } from './prepare';
import { attachBaseline } from './baseline';
import { emptyCells } from './report/write-report';
import { runLevels } from './levels';
import { compareRefs, compareResults, compareVariants, ComparePlan, roundOrder } from './compare';
import { parseVariants, Variant } from './variants';
import { quietLoadOf } from './collectors/wait-for-quiet';
import { numericOptionProblems } from './numeric-options';
import { runChaos } from './chaos/run-chaos';

const USAGE = `usage:
  npm run bench -- <suite|all> --profile <smoke|load|stress|spike|soak|levels|rate> [--vu-scale 0.2]
                   [--rate-scale x] [--duration-scale x] [--duration 10s] [--baseline]
                   [--scripts profile,login] [--warmup 10] [--repeat 2 [--settle 15]]   (with --baseline: N pairs)
                   [--sweep 0.5,0.6,0.7]   (--profile rate|load --baseline: a pair per rate scale; throughput at equal p95)
                   [--cpu-profile on|off]   (off: no V8 profile of the service, e.g. for service ÷ baseline ratios)
                   [--quiet-wait 120]   (seconds to wait for a quiet CPU before each round, level, repeat run or --baseline half; 0 = none)
                   [--quiet-load 1.5]   (in that wait, also for the 1-min load average to be at or below this; default 0.75 × cores; 0 = CPU idle alone)
                   [--generator k6|locust|both]   (locust: the suite's locustfile.py, same report)
                   [--compare refA refB --rounds N | --compare-results dirA dirB] [--max-regression 10]
                   [--variant A:KEY=value[,KEY=value] --variant B:KEY=value --rounds N]
                   (two configurations of this checkout: env on top of the suite's service*.env)
  npm run bench -- <suite> --profile chaos [--schedule full|short]   (faults under load, verdict on the ledger)
  npm run bench -- baseline-<suite> --profile smoke      (the bare baseline alone)
  npm run bench -- check-report <REPORT.md>               (exit 1 on empty cells)`;

const PROFILES = ['smoke', 'load', 'stress', 'spike', 'soak', 'levels', 'rate', 'chaos'];
const GENERATORS = ['k6', 'locust', 'both'];

export async function main(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: 'string', default: 'smoke' },
      'vu-scale': { type: 'string', default: '1' },
      'rate-scale': { type: 'string' },
      'duration-scale': { type: 'string' },
      duration: { type: 'string' },
      baseline: { type: 'boolean', default: false },
      compare: { type: 'boolean', default: false },
      variant: { type: 'string', multiple: true },
      'compare-results': { type: 'boolean', default: false },
      rounds: { type: 'string', default: '4' },
      'max-regression': { type: 'string', default: '10' },
      scripts: { type: 'string' },
      warmup: { type: 'string', default: '0' },
      generator: { type: 'string', default: 'k6' },
      repeat: { type: 'string', default: '1' },
      sweep: { type: 'string' },
      settle: { type: 'string', default: '15' },
      'quiet-wait': { type: 'string', default: '120' },
      'quiet-load': { type: 'string' },
      'cpu-profile': { type: 'string', default: 'on' },
      schedule: { type: 'string', default: 'full' },
      help: { type: 'boolean', default: false },
    },
  });
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const [target, ...rest] = positionals;
  if (v.help || !target) {
    log(USAGE);
    return v.help ? 0 : 2;
  }
  if (target === 'check-report') {
    const bad = emptyCells(readFileSync(rest[0], 'utf8'));
    bad.forEach((b) => log(`empty cell: ${b}`));
    return bad.length ? 1 : 0;
  }
  if (v['compare-results']) return compareResults(rest[0] ?? target, rest[1], Number(v['max-regression']), log);
  const badNumbers = numericOptionProblems(v);
  if (badNumbers.length > 0) {
    log(`${badNumbers.join('\n')}\n${USAGE}`);
    return 2;
  }
  const profile = v.profile!;
  if (!PROFILES.includes(profile)) {
    log(`unknown profile "${profile}"\n${USAGE}`);
    return 2;
  }
  const targets = loadTargets();
  const opts: RunOptions = {
    profile,
    vuScale: Number(v['vu-scale']),
    rateScale: v['rate-scale'] ? Number(v['rate-scale']) : undefined,
    durationScale: v['duration-scale'] ? Number(v['duration-scale']) : undefined,
    duration: v.duration,
    command: `npm run bench -- ${argv.join(' ')}`,
    log,
    scripts: v.scripts
      ? v.scripts
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    warmup: Number(v.warmup) || 0,
    generator: v.generator as Generator,
    cpuProfile: v['cpu-profile'] !== 'off',
    quietLoadAvg: quietLoadOf(v['quiet-load'], cpus().length),
  };
  if (v['cpu-profile'] !== 'on' && v['cpu-profile'] !== 'off') {
    log(`--cpu-profile "${v['cpu-profile']}": on or off\n${USAGE}`);
    return 2;
  }
  if (!GENERATORS.includes(v.generator!)) {
    log(`unknown generator "${v.generator}" (k6, locust, both)\n${USAGE}`);
    return 2;
  }
  const quietWaitSeconds = Math.max(0, Number(v['quiet-wait']) || 0);
  const plan: ComparePlan = { rounds: Number(v.rounds), maxRegression: Number(v['max-regression']), quietWaitSeconds };
  if ((v.compare || v.variant?.length) && plan.rounds % 2 === 1)
    log(
      `--rounds ${plan.rounds}: odd, so the order is not balanced (A B, B A, A B: A runs first once more); an even count gives both sides the same places in the sequence`,
    );
  if (v.sweep !== undefined && (v.compare || v.variant?.length)) {
    log(
      `--sweep runs the service against its baseline; --compare and --variant compare two services: one or the other\n${USAGE}`,
    );
    return 2;
  }
  if (v.variant?.length) {
    let variants: Variant[];
    try {
      if (v.compare)
        throw new Error('--variant compares two configurations of this checkout; --compare two refs: one or the other');
      if (v.baseline || target === 'all' || target.startsWith('baseline-'))
        throw new Error("--variant compares one suite's service (not all, a baseline-*, or with --baseline)");
      variants = parseVariants(v.variant);
    } catch (err) {
      log(`${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    return compareVariants(target, variants, plan, opts, log);
  }
  if (v.compare) return compareRefs(target, rest[0], rest[1], plan, opts, log);

  const names = target === 'all' ? existingSuites(targets) : [target];
  if (!names.length) {
    log('no suites exist yet (a suite needs load-tests/<svc>/ and apps/<svc>/)');
    return 0;
  }
  const repeat = Math.max(1, Math.floor(Number(v.repeat) || 1));
  let sweep: number[] | undefined;
  if (v.sweep !== undefined) {
    try {
      sweep = parseSweep(v.sweep, { profile, baseline: v.baseline!, repeat, names });
    } catch (err) {
      log(`${(err as Error).message}\n${USAGE}`);
      return 2;
    }
  }
  const stackEnv = prepare(log);
  let failed = 0;
  for (const name of names) {
    // One suite that cannot run (its service dies while starting) does not hide the others'.
    try {
      const ok = await runNamed(name, {
        targets,
        opts,
        stackEnv,
        repeat,
        sweep,
        settleMs: Number(v.settle) * 1000,
        baseline: v.baseline!,
        quietWaitSeconds,
        schedule: v.schedule!,
      });
      if (!ok) failed++;
    } catch (err) {
      failed++;
      log(`${name}: FAIL — did not run: ${(err as Error).message}`);
    }
  }
  return failed ? 1 : 0;
}

/** One suite (or baseline-<suite>) with the chosen profile; true when it passed. */
async function runNamed(
  name: string,
  c: {
    targets: TargetsFile;
    opts: RunOptions;
    stackEnv: StackEnv;
    repeat: number;
    sweep?: number[];
    settleMs: number;
    baseline: boolean;
    quietWaitSeconds: number;
    schedule: string;
  },
): Promise<boolean> {
  const { targets, opts, stackEnv } = c;
  const log = opts.log;
  const isBaseline = name.startsWith('baseline-');
  const suite = isBaseline ? baselineSuite(name.slice('baseline-'.length), targets) : serviceSuite(name, targets);
  // Each level's load starts after a bounded wait for a quiet CPU, as a compare round's.
  if (opts.profile === 'levels')
    return runLevels(suite, targets, { ...opts, quietWaitSeconds: c.quietWaitSeconds }, stackEnv);
  if (opts.profile === 'chaos') {
    const out = await runChaos({ suite, targets, schedule: c.schedule, command: opts.command, shared: stackEnv, log });
    log(`${name}: ${out.pass ? 'PASS' : 'FAIL'} — ${out.report}`);
    return out.pass;
  }
  // A repeat's pairs take turns, as a compare's rounds do (pair 2, 4, … start with the baseline).
  const once = (o: RunOptions, index = 0) =>
    runWithBaseline(suite, targets, o, stackEnv, c.baseline && !isBaseline, c.quietWaitSeconds, {
      baselineFirst: roundOrder(['service', 'baseline'], index)[0] === 'baseline',
    });
  if (c.sweep) return runSwept(suite, targets, opts, { ...c, rates: c.sweep }, once, verdict);
  if (c.repeat > 1) return runRepeated(suite, targets, opts, c, once);
  return verdict(name, await once(opts), log);
}

/**
 * One run of the suite; with `withBaseline`, the same load against its bare baseline too,
 * attached: after the service's half, or before it with `baselineFirst` (the pairs of a repeat
 * alternate, so a machine drifting through them does not always favour the half that runs second).
 */
async function runWithBaseline(
  suite: SuiteDef,
  targets: TargetsFile,
  opts: RunOptions,
  stackEnv: StackEnv,
  withBaseline: boolean,
  quietWaitSeconds: number,
  { baselineFirst = false } = {},
): Promise<RunOutcome> {
  const { log } = opts;
  const name = suite.name;
  const b = withBaseline ? baselineSuite(name, targets) : undefined;
  // A like-for-like baseline runs the service's own scripts (--scripts too); an older one its single script.
  const baselineHalf = (dir: string) => {
    log(`${name}: same load against the bare baseline (${b!.entry})`);
    // The other half has just ended: this half's load starts on a quiet CPU too (bounded).
    return runSuite(
      b!,
      targets,
      { ...opts, scripts: b!.likeForLike ? opts.scripts : undefined, outDir: `${dir}/baseline`, quietWaitSeconds },
      stackEnv,
    );
  };
  // Baseline first needs the pair's folder before the service's half makes it (a repeat gives one).
  const first = b && baselineFirst && opts.outDir ? await baselineHalf(opts.outDir).catch((err: Error) => err) : null;
  let out = await runSuite(suite, targets, opts, stackEnv);
  if (b) {
    try {
      const base = first ?? (await baselineHalf(out.dir));
      if (base instanceof Error) throw base;
      const startedAfter = base.run.machine.quietWait?.line;
      const attached = attachBaseline(out.run, base.run, targets, b.likeForLike);
      out = finish(
        out.dir,
        attached.baseline && startedAfter
          ? { ...attached, baseline: { ...attached.baseline, startedAfter } }
          : attached,
        targets,
      );
    } catch (err) {
      out = finish(out.dir, { ...out.run, baselineNotMeasured: (err as Error).message }, targets);
    }
  }
  return out;
}

/** PASS/FAIL line; a FAIL says when the generator or a busy machine may be the cause. */
function verdict(name: string, out: RunOutcome, log: (s: string) => void): boolean {
  const bad = emptyCells(readFileSync(out.report, 'utf8'));
  const caveats = out.pass ? [] : failCaveats(out.run);
  log(`${name}: ${out.pass ? 'PASS' : 'FAIL'} — ${out.report}${bad.length ? ` (${bad.length} empty cells)` : ''}`);
  for (const c of caveats) log(`${name}: FAIL may not be the service's: ${c}`);
  return out.pass && !bad.length;
}

/**
 * The same load N times in a row (fresh service, seed and stats reset each time), each run
 * after the settle time and a bounded wait for a quiet CPU; REPEAT.md and repeat.json.
 */
async function runRepeated(
  suite: SuiteDef,
  targets: TargetsFile,
  opts: RunOptions,
  c: { repeat: number; settleMs: number; quietWaitSeconds: number },
  once: (o: RunOptions, index: number) => Promise<RunOutcome>,
): Promise<boolean> {
  const n = c.repeat;
  const dir = join(RESULTS_DIR, `${stamp()}-${suite.name}-${opts.profile}-repeat`);
  mkdirSync(dir, { recursive: true });
  const outs: RunOutcome[] = [];
  const starts: RoundStart[] = [];
  for (let i = 1; i <= n; i++) {
    if (i > 1) {
      opts.log(`settling ${c.settleMs / 1000} s before run ${i}`);
      await new Promise((r) => setTimeout(r, c.settleMs));
    }
    opts.log(`run ${i}/${n}`);
    const outDir = join(dir, `run-${i}`);
    const out = await once({ ...opts, outDir, quietWaitSeconds: c.quietWaitSeconds }, i - 1);
    verdict(`${suite.name} run ${i}`, out, opts.log);
    outs.push(out);
    starts.push(roundStart(`run ${i}`, out.run));
  }
  const runs = outs.map((o) => o.run);
  const rows = repeatRows(runs);
  writeFileSync(
    join(dir, 'repeat.json'),
    JSON.stringify(
      { suite: suite.name, profile: opts.profile, command: opts.command, rows, roundStarts: starts },
      null,
      1,
    ),
  );
  writeFileSync(
    join(dir, 'REPEAT.md'),
    [
      renderRepeat(
        suite.name,
        opts.profile,
        runs,
        outs.map((o) => relative(dir, o.dir)),
        starts,
      ),
      // --generator both: each generator's median and spread per operation, and where they disagree.
      renderGeneratorSpread(runs, targets, suite.targetsSuite),
      // --baseline: each pair's service ÷ baseline ratios, their median and spread.
      renderBaselineRepeat(runs),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  opts.log(`repeat: ${repeatVerdict(rows)} — ${join(dir, 'REPEAT.md')}`);
  return outs.every((o) => o.pass);
}
