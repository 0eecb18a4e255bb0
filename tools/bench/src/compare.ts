import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunData } from './report/model';
import { RunOptions, runSuite, stamp } from './run-suite';
import { loadTargets } from './targets/targets';
import { serviceSuite } from './suites';
import { prepare } from './prepare';
import { nodeFor, nodeVersion } from './runtime';
import { REPO_ROOT, RESULTS_DIR } from './paths';
import { median } from './k6/stats';
import { runTotals, worstEndpoint } from './report/totals';
import { table } from './report/cells';

// A/B: the same suite against two versions, alternating A B A B so drift (warm caches, data
// growth, a busy neighbour) hits both sides alike; medians and spread per metric; non-zero
// exit when B regresses past the threshold (the 002 "Before / After / Improvement" table).

export interface MetricDef {
  key: string;
  label: string;
  better: 'lower' | 'higher';
  unit: string;
  get: (r: RunData) => number;
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
    label: 'CPU Usage (max)',
    better: 'lower',
    unit: '%',
    get: (r) => r.prometheus.stats.cpu_percent?.max ?? NaN,
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
  label: string;
  a: number;
  b: number;
  spreadA: [number, number];
  spreadB: [number, number];
  changePercent: number;
  regressed: boolean;
}

const fin = (xs: number[]) => xs.filter(Number.isFinite);

export function compareRuns(a: RunData[], b: RunData[], maxRegression: number): CompareRow[] {
  return METRICS.map((m) => {
    const va = fin(a.map(m.get));
    const vb = fin(b.map(m.get));
    const ma = median(va);
    const mb = median(vb);
    const change =
      Number.isFinite(ma) && Number.isFinite(mb)
        ? ma === mb
          ? 0
          : ma !== 0
            ? ((mb - ma) / Math.abs(ma)) * 100
            : NaN
        : NaN;
    const worse = m.better === 'lower' ? change > maxRegression : change < -maxRegression;
    // Error rate gates on absolute change: 0 → 0.1 % is infinite relative change but may be noise.
    const errorWorse = m.key === 'error' && mb - ma > 1;
    return {
      label: `${m.label}${m.unit ? ` (${m.unit})` : ''}`,
      a: ma,
      b: mb,
      spreadA: [Math.min(...va), Math.max(...va)],
      spreadB: [Math.min(...vb), Math.max(...vb)],
      changePercent: change,
      regressed: (GATED.includes(m.key) && worse) || errorWorse,
    };
  });
}

const f = (v: number) => (Number.isFinite(v) ? `${+v.toFixed(2)}` : 'not measured: no samples on this side');

export function renderCompare(
  nameA: string,
  nameB: string,
  rows: CompareRow[],
  rounds: [number, number],
  maxRegression: number,
): string {
  const regressed = rows.filter((r) => r.regressed);
  return [
    `# Compare — A: ${nameA} / B: ${nameB}`,
    '',
    `Rounds: ${rounds[0]} A, ${rounds[1]} B (alternating). Values are medians; spread is min–max over rounds. Gate: throughput, p95, p99 may not be worse by more than ${maxRegression} %, error rate by more than 1 point.`,
    '',
    `**Verdict**: ${regressed.length ? `REGRESSION in ${regressed.map((r) => r.label).join(', ')} — bench exits 1` : 'no regression past the threshold — bench exits 0'}`,
    '',
    table(
      ['Metric', 'Before (A)', 'After (B)', 'Improvement', 'Spread A', 'Spread B', 'Status'],
      rows.map((r) => [
        r.label,
        f(r.a),
        f(r.b),
        Number.isFinite(r.changePercent)
          ? `${r.changePercent > 0 ? '+' : ''}${r.changePercent.toFixed(1)} %`
          : 'not measured: a side has no value',
        Number.isFinite(r.spreadA[0]) ? `${f(r.spreadA[0])}–${f(r.spreadA[1])}` : 'not measured: no samples',
        Number.isFinite(r.spreadB[0]) ? `${f(r.spreadB[0])}–${f(r.spreadB[1])}` : 'not measured: no samples',
        r.regressed ? 'REGRESSED' : 'ok',
      ]),
    ),
    '',
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
  const out = join(RESULTS_DIR, `${stamp()}-compare`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'COMPARE.md'), renderCompare(dirA, dirB, rows, [a.length, b.length], maxRegression));
  log(`compare: ${join(out, 'COMPARE.md')}`);
  return rows.some((r) => r.regressed) ? 1 : 0;
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

export async function compareRefs(
  suiteName: string,
  refA: string,
  refB: string,
  rounds: number,
  maxRegression: number,
  o: RunOptions,
  log: (s: string) => void,
): Promise<number> {
  if (!refA || !refB) throw new Error('--compare needs two git refs');
  const targets = loadTargets();
  const out = join(RESULTS_DIR, `${stamp()}-${suiteName}-compare`);
  const sides = [
    { ref: refA, root: worktree(refA, log), runs: [] as RunData[] },
    { ref: refB, root: worktree(refB, log), runs: [] as RunData[] },
  ].map((side) => {
    const node = nodeFor(side.root);
    return { ...side, node, label: `${side.ref} (Node.js ${nodeVersion(node)})` };
  });
  // Each worktree gets Prisma clients generated from its own schema.
  const env = prepare(log, [REPO_ROOT, ...sides.map((s) => s.root)]);
  for (let i = 0; i < rounds; i++) {
    for (const [k, side] of sides.entries()) {
      const suite = { ...serviceSuite(suiteName, targets), root: side.root, node: side.node };
      log(`round ${i + 1}/${rounds} ${k ? 'B' : 'A'} (${side.label})`);
      const r = await runSuite(suite, targets, { ...o, outDir: join(out, `${k ? 'B' : 'A'}-round-${i + 1}`) }, env);
      if (!r.run.config.serviceStartedByBench)
        throw new Error(`port ${suite.port} is served by a process the bench did not start; stop it for a compare`);
      side.runs.push(r.run);
    }
  }
  const rows = compareRuns(sides[0].runs, sides[1].runs, maxRegression);
  writeFileSync(
    join(out, 'COMPARE.md'),
    renderCompare(sides[0].label, sides[1].label, rows, [rounds, rounds], maxRegression),
  );
  writeFileSync(
    join(out, 'compare.json'),
    JSON.stringify(
      { refA: sides[0].label, refB: sides[1].label, rounds, maxRegression, command: o.command, rows },
      null,
      1,
    ),
  );
  log(`compare: ${join(out, 'COMPARE.md')}`);
  return rows.some((r) => r.regressed) ? 1 : 0;
}
