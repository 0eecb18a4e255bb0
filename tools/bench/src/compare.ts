import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunData } from './report/model';
import { RunOptions, runSuite, stamp } from './run-suite';
import { loadTargets } from './targets/targets';
import { serviceSuite, SuiteDef } from './suites';
import { prepare } from './prepare';
import { nodeFor, nodeVersion } from './runtime';
import { REPO_ROOT, RESULTS_DIR } from './paths';
import { describeRounds, medianPair, type RoundByRound } from './compare-median';
import { compareOperationRuns, OperationCompareRow, renderOperationCompare } from './compare-operations';
import { describeEnv, unknownKeys, Variant } from './variants';
import { StackEnv } from './stack';
import { runTotals, worstEndpoint } from './report/totals';
import { resourceValue } from './report/grade';
import { cpuPerRequest, halfCpu, isMeasured, type CpuPerRequest } from './report/cpu-per-request';
import { table } from './report/cells';
import { hasRealtime, hasRequests, REALTIME_MEASURES } from './realtime-measures';
import { renderRoundStarts, roundStart, RoundStart } from './round-start';

// A/B: the same suite against two versions, in counterbalanced rounds (A B, B A, …) so drift (warm caches, data
// growth, a busy neighbour) hits both sides alike; medians and spread per metric; non-zero
// exit when B regresses past the threshold (the 002 "Before / After / Improvement" table).

export interface MetricDef {
  key: string;
  label: string;
  better: 'lower' | 'higher';
  unit: string;
  get: (r: RunData) => number;
}

/** One per-request figure of the server processes (/proc over the measured windows); NaN when not recorded. */
function perRequest(pick: (c: CpuPerRequest) => number | undefined): (r: RunData) => number {
  return (r) => {
    const c = cpuPerRequest(halfCpu(r));
    return isMeasured(c) ? (pick(c) ?? NaN) : NaN;
  };
}

export const METRICS: MetricDef[] = [
  {
    key: 'rps',
    label: 'Throughput',
    better: 'higher',
    unit: 'req/s',
    get: (r) => runTotals(r).avgRps,
  },
  { key: 'p50', label: 'P50 Latency', better: 'lower', unit: 'ms', get: (r) => worstEndpoint(r, 'p50') },
  { key: 'p95', label: 'P95 Latency', better: 'lower', unit: 'ms', get: (r) => worstEndpoint(r, 'p95') },
  { key: 'p99', label: 'P99 Latency', better: 'lower', unit: 'ms', get: (r) => worstEndpoint(r, 'p99') },
  {
    key: 'error',
    label: 'Error Rate',
    better: 'lower',
    unit: '%',
    get: (r) => 100 * runTotals(r).errorRate,
  },
  {
    key: 'cpu',
    label: 'CPU Usage, busiest event loop (max, % of one core)',
    better: 'lower',
    unit: '%',
    get: (r) => resourceValue(r, 'cpu_percent').value ?? NaN,
  },
  // Per request, from /proc: steadier from round to round than a p95, so a small change shows here first.
  {
    key: 'cpuPerRequest',
    label: 'Server CPU per request (all server processes)',
    better: 'lower',
    unit: 'µs',
    get: perRequest((c) => c.msPerRequest * 1000),
  },
  {
    key: 'wakeups',
    label: 'Wakeups per request (server main threads, voluntary switches)',
    better: 'lower',
    unit: '',
    get: perRequest((c) => c.wakeupsPerRequest),
  },
  {
    key: 'preemptions',
    label: 'Preemptions per request (involuntary switches)',
    better: 'lower',
    unit: '',
    get: perRequest((c) => c.preemptionsPerRequest),
  },
  {
    key: 'mem',
    label: 'Memory Usage (max)',
    better: 'lower',
    unit: 'MB',
    get: (r) => (r.prometheus.stats.memory_bytes?.max ?? NaN) / 2 ** 20,
  },
  {
    key: 'db',
    label: 'DB Connections (max)',
    better: 'lower',
    unit: '',
    get: (r) => r.prometheus.stats.db_connections?.max ?? NaN,
  },
  {
    key: 'lag',
    label: 'Kafka Lag (max)',
    better: 'lower',
    unit: '',
    get: (r) => r.prometheus.stats.kafka_lag?.max ?? NaN,
  },
  {
    key: 'hit',
    label: 'Cache Hit Rate',
    better: 'higher',
    unit: '%',
    get: (r) => 100 * (r.prometheus.stats.cache_hit_rate?.avg ?? NaN),
  },
];

/** Metrics that gate: B may not be worse than A by more than maxRegression % on these. */
export const GATED = ['rps', 'p95', 'p99'];

export interface CompareRow {
  /** the metric's key (METRICS, REALTIME_MEASURES) */
  key: string;
  label: string;
  a: number;
  b: number;
  spreadA: [number, number];
  spreadB: [number, number];
  changePercent: number;
  /** B against the A of its own round */
  rounds: RoundByRound;
  regressed: boolean;
}

/** Real-time rows (chat) that gate like throughput and p95, and like the error rate (in points). */
const REALTIME_GATED = REALTIME_MEASURES.filter((m) => m.gate === 'relative').map((m) => m.key);
const POINTS_GATED = ['error', ...REALTIME_MEASURES.filter((m) => m.gate === 'points').map((m) => m.key)];

/**
 * The rows both sides are compared on: the request rows when either side made HTTP requests,
 * the real-time ones (messages, delivery, connect) when either side's scripts recorded them.
 */
function metricsFor(runs: RunData[]): MetricDef[] {
  const realtime = hasRealtime(runs);
  const requests = !realtime || hasRequests(runs);
  const resources = METRICS.filter(
    (m) => !REQUEST_METRICS.includes(m.key) && (requests || !PER_REQUEST_METRICS.includes(m.key)),
  );
  return [
    ...(requests ? METRICS.filter((m) => REQUEST_METRICS.includes(m.key)) : []),
    ...(realtime ? REALTIME_MEASURES : []),
    ...resources,
  ];
}

const REQUEST_METRICS = ['rps', 'p50', 'p95', 'p99', 'error'];
/** Per HTTP request: not shown for a run that made none (a real-time suite's messages are not requests). */
const PER_REQUEST_METRICS = ['cpuPerRequest', 'wakeups', 'preemptions'];

export function compareRuns(a: RunData[], b: RunData[], maxRegression: number): CompareRow[] {
  return metricsFor([...a, ...b]).map((m) => {
    const p = medianPair(a.map(m.get), b.map(m.get));
    const change = p.changePercent;
    const worse = m.better === 'lower' ? change > maxRegression : change < -maxRegression;
    // Rates in % gate on absolute change: 0 → 0.1 % errors is infinite relative change but may be noise.
    const pointsWorse = POINTS_GATED.includes(m.key) && (m.better === 'lower' ? p.b - p.a : p.a - p.b) > 1;
    return {
      key: m.key,
      label: `${m.label}${m.unit ? ` (${m.unit})` : ''}`,
      a: p.a,
      b: p.b,
      spreadA: p.spreadA,
      spreadB: p.spreadB,
      changePercent: change,
      rounds: p.rounds,
      regressed: ([...GATED, ...REALTIME_GATED].includes(m.key) && worse) || pointsWorse,
    };
  });
}

const f = (v: number) => (Number.isFinite(v) ? `${+v.toFixed(2)}` : 'not measured: no samples on this side');

/** What the report says beyond the totals: how each side ran, and the per-operation table. */
export interface CompareExtras {
  /** one line per side: what it was (a ref and its runtime, or a variant and its env) */
  sides?: string[];
  operations?: OperationCompareRow[];
  /** per round, in the order they ran: the wait for a quiet CPU, CPU idle and load average at its start */
  starts?: RoundStart[];
}

export function renderCompare(
  nameA: string,
  nameB: string,
  rows: CompareRow[],
  rounds: [number, number],
  maxRegression: number,
  extras: CompareExtras = {},
): string {
  const gates = [
    ...(rows.some((r) => GATED.includes(r.key))
      ? [`throughput, p95, p99 may not be worse by more than ${maxRegression} %, error rate by more than 1 point`]
      : []),
    ...(rows.some((r) => REALTIME_GATED.includes(r.key))
      ? [
          `real-time (chat): messages acknowledged/s and delivery p95 may not be worse by more than ${maxRegression} %, delivered by more than 1 point`,
        ]
      : []),
    ...(extras.operations ? ['per operation, req/s and p95 alike'] : []),
  ];
  const regressed = [
    ...rows.filter((r) => r.regressed).map((r) => r.label),
    ...(extras.operations ?? []).filter((o) => o.regressed).map((o) => `${o.operation} ${o.name}`),
  ];
  return [
    `# Compare — A: ${nameA} / B: ${nameB}`,
    '',
    ...(extras.sides?.length ? [...extras.sides.map((l) => `- ${l}`), ''] : []),
    `Rounds: ${rounds[0]} A, ${rounds[1]} B (counterbalanced: A B, then B A, …). Values are medians; spread is min–max over rounds; "round by round" counts the rounds in which B's value was lower (or higher) than that round's A, which ran right before or after it, so drift between rounds moves both. Gate: ${gates.join('; ')}.`,
    '',
    `**Verdict**: ${regressed.length ? `REGRESSION in ${regressed.join(', ')} — bench exits 1` : 'no regression past the threshold — bench exits 0'}`,
    '',
    table(
      ['Metric', 'Before (A)', 'After (B)', 'Improvement', 'B, round by round', 'Spread A', 'Spread B', 'Status'],
      rows.map((r) => [
        r.label,
        f(r.a),
        f(r.b),
        Number.isFinite(r.changePercent)
          ? `${r.changePercent > 0 ? '+' : ''}${r.changePercent.toFixed(1)} %`
          : 'not measured: a side has no value',
        describeRounds(r.rounds),
        Number.isFinite(r.spreadA[0]) ? `${f(r.spreadA[0])}–${f(r.spreadA[1])}` : 'not measured: no samples',
        Number.isFinite(r.spreadB[0]) ? `${f(r.spreadB[0])}–${f(r.spreadB[1])}` : 'not measured: no samples',
        r.regressed ? 'REGRESSED' : 'ok',
      ]),
    ),
    '',
    ...(extras.operations ? [renderOperationCompare(extras.operations, maxRegression)] : []),
    ...(extras.starts ? [renderRoundStarts(extras.starts)] : []),
  ].join('\n');
}

/** run.json files under a results folder (the folder itself or its round sub-folders). */
export function runsIn(dir: string): RunData[] {
  const direct = join(dir, 'run.json');
  if (existsSync(direct)) return [JSON.parse(readFileSync(direct, 'utf8')) as RunData];
  return readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'run.json')))
    .sort()
    .map((d) => JSON.parse(readFileSync(join(dir, d, 'run.json'), 'utf8')) as RunData);
}

export function compareResults(dirA: string, dirB: string, maxRegression: number, log: (s: string) => void): number {
  const a = runsIn(resolve(dirA));
  const b = runsIn(resolve(dirB));
  if (!a.length || !b.length) throw new Error(`no run.json in ${a.length ? dirB : dirA}`);
  const rows = compareRuns(a, b, maxRegression);
  const operations = operationsOf(a, b, maxRegression);
  const out = join(RESULTS_DIR, `${stamp()}-compare`);
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'COMPARE.md'),
    renderCompare(dirA, dirB, rows, [a.length, b.length], maxRegression, { operations }),
  );
  log(`compare: ${join(out, 'COMPARE.md')}`);
  return rows.some((r) => r.regressed) || (operations ?? []).some((o) => o.regressed) ? 1 : 0;
}

/** Per-operation rows; none for real-time runs without HTTP requests (their rows are the real-time ones). */
function operationsOf(a: RunData[], b: RunData[], maxRegression: number): OperationCompareRow[] | undefined {
  const rows = compareOperationRuns(a, b, maxRegression);
  return rows.length || !hasRealtime([...a, ...b]) ? rows : undefined;
}

function worktree(ref: string, log: (s: string) => void): string {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const dir = join(REPO_ROOT, '.stack', 'bench-worktrees', sha);
  if (!existsSync(dir)) {
    execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { cwd: REPO_ROOT, stdio: 'ignore' });
    // Same lockfile: borrow this checkout's node_modules. A ref that changes dependencies (or
    // the pinned Node.js runtime) gets its own install, so it runs on what it pins.
    if (
      readFileSync(join(dir, 'package-lock.json'), 'utf8') ===
      readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')
    )
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
    else {
      log(`${ref}: its package-lock.json differs from this checkout's — npm ci in ${dir}`);
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    }
  }
  return dir;
}

/** One side of a compare: how it is labelled and described, and the suite it runs. */
interface Side {
  key: 'A' | 'B';
  label: string;
  /** the report's line about it */
  about: string;
  suite: SuiteDef;
  runs: RunData[];
}

/** How many rounds, the gate, and how long each round may wait for a quiet CPU (0 = no wait). */
export interface ComparePlan {
  rounds: number;
  maxRegression: number;
  quietWaitSeconds: number;
}

/**
 * The sides of round `index` (0-based) in the order they run: A B, then B A, then A B … The
 * machine drifts from round to round (A/A compares of identical variants, run A B A B, put
 * B's p50 12-17 % under A's with the ranges apart, three times; ADR 0005): a fixed order hands
 * that drift to one side, counterbalanced rounds share it.
 */
export function roundOrder<T>(sides: readonly T[], index: number): T[] {
  return index % 2 === 0 ? [...sides] : [...sides].reverse();
}

/**
 * Each round runs both sides on a fresh service, in counterbalanced order (roundOrder), and
 * each load starts after a bounded wait for a quiet CPU, so no round inherits the previous one's.
 */
async function runInterleaved(
  sides: Side[],
  plan: ComparePlan,
  targets: ReturnType<typeof loadTargets>,
  o: RunOptions,
  env: StackEnv,
  out: string,
  log: (s: string) => void,
): Promise<RoundStart[]> {
  const starts: RoundStart[] = [];
  for (let i = 0; i < plan.rounds; i++) {
    for (const side of roundOrder(sides, i)) {
      const round = `${side.key} round ${i + 1}`;
      log(`round ${i + 1}/${plan.rounds} ${side.key} (${side.label})`);
      const outDir = join(out, `${side.key}-round-${i + 1}`);
      const r = await runSuite(side.suite, targets, { ...o, outDir, quietWaitSeconds: plan.quietWaitSeconds }, env);
      if (!r.run.config.serviceStartedByBench)
        throw new Error(
          `port ${side.suite.port} is served by a process the bench did not start; stop it for a compare`,
        );
      side.runs.push(r.run);
      starts.push(roundStart(round, r.run));
    }
  }
  return starts;
}

/** COMPARE.md and compare.json of two sides' rounds; the exit code (1 on a regression). */
function writeCompare(
  out: string,
  sides: Side[],
  starts: RoundStart[],
  { rounds, maxRegression }: ComparePlan,
  o: RunOptions,
  log: (s: string) => void,
  more: Record<string, unknown> = {},
): number {
  const [a, b] = sides;
  const rows = compareRuns(a.runs, b.runs, maxRegression);
  const operations = operationsOf(a.runs, b.runs, maxRegression);
  writeFileSync(
    join(out, 'COMPARE.md'),
    renderCompare(a.label, b.label, rows, [rounds, rounds], maxRegression, {
      sides: sides.map((s) => `${s.key}: ${s.about}`),
      operations,
      starts,
    }),
  );
  writeFileSync(
    join(out, 'compare.json'),
    JSON.stringify(
      {
        refA: a.label,
        refB: b.label,
        ...more,
        rounds,
        maxRegression,
        command: o.command,
        rows,
        operations,
        roundStarts: starts,
      },
      null,
      1,
    ),
  );
  log(`compare: ${join(out, 'COMPARE.md')}`);
  return rows.some((r) => r.regressed) || (operations ?? []).some((op) => op.regressed) ? 1 : 0;
}

export async function compareRefs(
  suiteName: string,
  refA: string,
  refB: string,
  plan: ComparePlan,
  o: RunOptions,
  log: (s: string) => void,
): Promise<number> {
  if (!refA || !refB) throw new Error('--compare needs two git refs');
  const targets = loadTargets();
  const out = join(RESULTS_DIR, `${stamp()}-${suiteName}-compare`);
  const sides: Side[] = [
    { key: 'A' as const, ref: refA, root: worktree(refA, log) },
    { key: 'B' as const, ref: refB, root: worktree(refB, log) },
  ].map(({ key, ref, root }) => {
    const node = nodeFor(root);
    const label = `${ref} (Node.js ${nodeVersion(node)})`;
    return { key, label, about: `git ${label}`, suite: { ...serviceSuite(suiteName, targets), root, node }, runs: [] };
  });
  // Each worktree gets Prisma clients generated from its own schema.
  const env = prepare(log, [REPO_ROOT, ...sides.map((s) => s.suite.root!)]);
  const starts = await runInterleaved(sides, plan, targets, o, env, out, log);
  return writeCompare(out, sides, starts, plan, o, log);
}

/**
 * Two configurations of this checkout: the same suite, its service given each variant's env on
 * top of its service*.env files (e.g. DATABASE_POOL_SIZE=20 vs 50), in counterbalanced rounds.
 */
export async function compareVariants(
  suiteName: string,
  variants: Variant[],
  plan: ComparePlan,
  o: RunOptions,
  log: (s: string) => void,
): Promise<number> {
  const targets = loadTargets();
  const base = serviceSuite(suiteName, targets);
  const app = targets.suites[suiteName].app;
  const unknown = unknownKeys(variants, app);
  if (unknown.length)
    throw new Error(
      `--variant: ${unknown.join(', ')} not read by ${app}/src or libs/*/src (misspelt? both sides would run the same configuration)`,
    );
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  }).trim();
  const checkout = `${commit}${dirty ? ' with uncommitted changes' : ''}`;
  const out = join(RESULTS_DIR, `${stamp()}-${suiteName}-compare-variants`);
  const sides: Side[] = variants.map((v, i) => ({
    key: i ? ('B' as const) : ('A' as const),
    label: v.name,
    about: `variant ${v.name}: ${describeEnv(v.env)} — on top of load-tests/${suiteName}/service*.env, for ${suiteName}'s service only; checkout ${checkout}, Node.js ${nodeVersion(nodeFor(REPO_ROOT))}`,
    suite: { ...base, serviceEnv: v.env },
    runs: [],
  }));
  const env = prepare(log);
  const starts = await runInterleaved(sides, plan, targets, o, env, out, log);
  return writeCompare(out, sides, starts, plan, o, log, {
    variants: variants.map((v) => ({ name: v.name, env: v.env })),
    checkout,
  });
}
