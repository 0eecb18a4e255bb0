import { join, relative } from 'node:path';
import { mkdirSync } from 'node:fs';
import { RunOptions, runSuite, stamp, finish } from './run-suite';
import { SuiteDef } from './suites';
import { TargetsFile } from './targets/targets';
import { StackEnv } from './stack';
import { allRows, resourceRows, resourceValue } from './report/grade';
import { bottlenecks, generatorSaturation } from './report/verdicts';
import { LevelBar, LevelResult, RunData } from './report/model';
import { kafkaLag } from './collectors/kafka';
import { RESULTS_DIR } from './paths';
import { runTotals } from './report/totals';
import { describeWait, idleCell, roundStart } from './round-start';

// 002 incremental levels: 100 → 10,000 VUs (scaled), a stabilisation wait and a Kafka lag
// drain between levels, then (in runSuite, bounded by --quiet-wait) a wait for a quiet CPU right
// before each level's load, as a compare round; stop at the first level that breaks a target. Each level is its own
// run, so --warmup leaves out its first seconds and it is graded on the window its tables show.

export const LEVEL_VUS = [100, 500, 1000, 2500, 5000, 10000];

/**
 * A real-time suite (chat) makes no HTTP requests: its work is the messages acknowledged, per
 * second of its sending phase (its levels step the offered send rate: LEVEL_VUS is msg/s there).
 */
export function realtimeThroughput(run: RunData): { messages: number; perSecond: number } | null {
  const scripts = run.scripts.filter((s) => s.realtime?.chat_messages_sent);
  if (scripts.length === 0) return null;
  const messages = scripts.reduce((a, s) => a + (s.realtime?.chat_messages_sent?.count ?? 0), 0);
  const window = Math.max(0, ...scripts.map((s) => s.realtime?.chat_send_window_s?.value ?? 0));
  return { messages, perSecond: window > 0 ? messages / window : NaN };
}

/** Bars shown beside their level's value in the levels table (only those targets.json sets). */
export const LEVEL_BARS = ['kafka_lag', 'redis_hit_rate'];

function levelBars(run: RunData, targets: TargetsFile): Record<string, LevelBar> {
  const rows = resourceRows(run, targets).filter((r) => LEVEL_BARS.includes(r.metric));
  return Object.fromEntries(rows.map((r) => [r.metric, { shown: r.shown, target: r.target, ok: r.ok }]));
}

export function levelResult(level: number, vus: number, run: RunData, targets: TargetsFile): LevelResult {
  const t = runTotals(run);
  const realtime = t.requests === 0 ? realtimeThroughput(run) : null;
  const reqs = t.requests || (realtime?.messages ?? 0);
  const st = run.prometheus.stats;
  const mx = (k: string) => (Number.isFinite(st[k]?.max) ? st[k].max! : null);
  const failures = allRows(run, targets)
    .filter((r) => r.ok === false)
    .map((r) => `${r.scope} ${r.metric} ${r.shown} (target ${r.target})`);
  return {
    level,
    vus,
    rps: realtime ? realtime.perSecond : t.avgRps,
    p95: t.worstP95,
    p99: t.worstP99,
    errorRate: t.errorRate,
    // Graded per event loop (report/loop-cpu.ts); the sum across loops beside it.
    cpuPercentMax: resourceValue(run, 'cpu_percent').value,
    cpuTotalPercentMax: mx('cpu_percent'),
    ...(run.serviceLoopCpu && 'busiestMaxPercent' in run.serviceLoopCpu ? { busiestLoop: run.serviceLoopCpu } : {}),
    memoryBytesMax: mx('memory_bytes'),
    dbConnectionsMax: mx('db_connections'),
    kafkaLagMax: mx('kafka_lag'),
    cacheHitRate: Number.isFinite(st.cache_hit_rate?.avg) ? st.cache_hit_rate.avg! : null,
    eventLoopLagMaxMs: mx('eventloop_lag_ms'),
    generatorSaturated: generatorSaturation(run).saturated,
    passed: failures.length === 0 && reqs > 0,
    failures: reqs ? failures : ['no requests completed'],
    bars: levelBars(run, targets),
    saturation: bottlenecks(run, targets),
    start: roundStart(`level ${level}`, run),
  };
}

async function drainLag(brokers: string[], log: (s: string) => void, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { groups } = await kafkaLag(brokers, (g) => !/test/i.test(g));
    const lag = groups.filter((g) => g.members > 0).reduce((a, g) => a + g.lag, 0);
    if (lag === 0) return;
    log(`  draining Kafka lag: ${lag}`);
    await new Promise((r) => setTimeout(r, 5000));
  }
}

/** The levels report sits one folder up: its CPU profile is the last level's, linked there. */
function withFlameGraphFrom(run: RunData, levelDir: string): RunData {
  const p = run.cpuProfile;
  if (!p || !('flameGraph' in p) || !p.flameGraph) return run;
  return { ...run, cpuProfile: { ...p, flameGraph: `${levelDir}/${p.flameGraph}` } };
}

/**
 * Runs the levels in order until one misses a target or the list ends: the levels run, the
 * breaking one (if any) last.
 */
export async function walkLevels(
  vusPerLevel: number[],
  runLevel: (level: number, vus: number) => Promise<LevelResult>,
  between: () => Promise<void>,
): Promise<LevelResult[]> {
  const levels: LevelResult[] = [];
  for (let i = 0; i < vusPerLevel.length; i++) {
    const r = await runLevel(i + 1, vusPerLevel[i]);
    levels.push(r);
    if (!r.passed) break;
    if (i < vusPerLevel.length - 1) await between();
  }
  return levels;
}

export async function runLevels(suite: SuiteDef, targets: TargetsFile, o: RunOptions, env: StackEnv): Promise<boolean> {
  const dir = join(RESULTS_DIR, `${stamp()}-${suite.name}-levels`);
  mkdirSync(dir, { recursive: true });
  const stabiliseMs = Number(process.env.BENCH_STABILISE_SECONDS ?? 30) * 1000;
  let last: RunData | null = null;
  const vusPerLevel = LEVEL_VUS.map((v) => Math.max(1, Math.round(v * o.vuScale)));
  const levels = await walkLevels(
    vusPerLevel,
    async (level, vus) => {
      o.log(`level ${level}: ${vus} VUs (${LEVEL_VUS[level - 1]} × ${o.vuScale})`);
      const out = await runSuite(
        suite,
        targets,
        { ...o, outDir: join(dir, `level-${level}-${vus}-vus`), env: { ...(o.env ?? {}), LEVEL_VUS: String(vus) } },
        env,
      );
      last = withFlameGraphFrom(out.run, relative(dir, out.dir));
      const r = levelResult(level, vus, out.run, targets);
      const s = r.start;
      if (s)
        o.log(
          `level ${level} started: ${describeWait(s.wait)}; CPU idle ${idleCell(s)}; load average ${s.loadAvg1.toFixed(2)}`,
        );
      o.log(
        `level ${level}: ${r.passed ? 'PASS' : `FAIL (${r.failures.join('; ')})`} — ${r.rps.toFixed(0)} req/s, p95 ${r.p95.toFixed(1)} ms`,
      );
      return r;
    },
    async () => {
      o.log(`stabilising ${stabiliseMs / 1000} s, draining Kafka lag`);
      await new Promise((res) => setTimeout(res, stabiliseMs));
      await drainLag(env.KAFKA_BROKERS.split(','), o.log);
    },
  );
  if (!last) return false;
  const out = finish(dir, { ...(last as RunData), levels }, targets);
  o.log(`levels report: ${out.report}`);
  return levels.every((l) => l.passed);
}
