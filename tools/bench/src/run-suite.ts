import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStack, StackEnv } from './stack';
import { ensureService, healthy } from './service';
import { BENCH_DATABASE, resetBenchDatabase } from './bench-database';
import { loadWindows, ScriptSpan } from './load-window';
import { runK6 } from './k6-runner';
import { readSummary, thresholdResults, metricValue } from './k6/summary';
import { cpuStats } from './collectors/proc-cpu';
import { PrometheusClient } from './prometheus-client';
import { collectPrometheus } from './collectors/prometheus';
import { PgSnapshot, resetStatements, snapshotPostgres } from './collectors/postgres';
import { readRedisInfo, redisDelta } from './collectors/redis';

type RedisRead = Awaited<ReturnType<typeof readRedisInfo>>;
import { deleteRunTopics, kafkaLag } from './collectors/kafka';
import { machineInfo } from './collectors/machine';
import { RunData, ScriptRun } from './report/model';
import { writeReport } from './report/write-report';
import { overall } from './report/grade';
import { TargetsFile } from './targets/targets';
import { SuiteDef } from './suites';
import { REPO_ROOT, RESULTS_DIR } from './paths';
import { redactEnv, serviceEnvFor } from './service-env';
import { startNeeds } from './needs';
import { measureRecovery, Recovery } from './recovery';
import { targetsFor } from './targets/targets';
import { loadavg } from 'node:os';

/** Profiles after which recovery is measured (001 §6.2: back within 30 s once load is removed). */
export const RECOVERY_PROFILES = new Set(['stress', 'spike']);

export interface RunOptions {
  profile: string;
  vuScale: number;
  rateScale?: number;
  durationScale?: number;
  duration?: string;
  outDir?: string;
  /** extra env for k6 (e.g. LEVEL_VUS) */
  env?: Record<string, string>;
  command: string;
  log: (s: string) => void;
  progressEvery?: number;
  /** keep the service running between calls (levels/compare manage it themselves) */
  keepService?: boolean;
  /** only these k6 scripts (file stems), e.g. ["profile"] */
  scripts?: string[];
  /** seconds at the start of each script left out of the tables */
  warmup?: number;
}

export interface RunOutcome {
  dir: string;
  report: string;
  run: RunData;
  pass: boolean;
}

export function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

export async function runSuite(
  suite: SuiteDef,
  targets: TargetsFile,
  o: RunOptions,
  stackEnv?: StackEnv,
): Promise<RunOutcome> {
  const scriptFiles = o.scripts?.length
    ? suite.scripts.filter((s) => o.scripts!.includes(s.replace(/^.*\//, '').replace(/\.js$/, '')))
    : suite.scripts;
  if (!scriptFiles.length)
    throw new Error(`${suite.name}: no k6 scripts${o.scripts?.length ? ` named ${o.scripts.join(', ')}` : ''} found`);
  const stack = stackEnv ?? ensureStack(o.log);
  const dir = o.outDir ?? join(RESULTS_DIR, `${stamp()}-${suite.name}-${o.profile}`);
  mkdirSync(dir, { recursive: true });
  const runId = `${suite.name}-${Date.now().toString(36)}`;
  const baseUrl = `http://127.0.0.1:${suite.port}`;

  // Reset the bench database only when the bench will start the suite's service: one already
  // running keeps the database it was started with, and the report says so.
  const willStart = !(await healthy(`${baseUrl}/health`));
  let data: string;
  let env: StackEnv = stack;
  if (suite.kind !== 'service') data = 'bare baseline: no database';
  else if (willStart) {
    env = { ...stack, DATABASE_URL: await resetBenchDatabase(stack.DATABASE_URL, suite.root ?? REPO_ROOT, o.log) };
    data = `services started by the bench used database ${BENCH_DATABASE}, dropped, recreated and migrated at the start of this run`;
  } else
    data = `data NOT reset: ${suite.name} was already running (not started by the bench), so it used the database it was started with (its own DATABASE_URL, not ${BENCH_DATABASE}); stop it to let the bench start it on a fresh database`;

  const svcEnv =
    suite.kind === 'service'
      ? serviceEnvFor(suite.targetsSuite, o.profile, undefined, { RUN_ID: runId })
      : { env: {}, files: [] };
  const needs = await startNeeds({
    names: suite.kind === 'service' ? (targets.suites[suite.targetsSuite]?.needs ?? []) : [],
    targets,
    profile: o.profile,
    stackEnv: env,
    runId,
    dir,
    log: o.log,
  });
  let service;
  try {
    service = await ensureService({
      name: suite.name,
      entry: suite.entry,
      root: suite.root,
      port: suite.port,
      env: { ...env, ...svcEnv.env },
      logFile: join(dir, 'service.log'),
      log: o.log,
    });
  } catch (err) {
    await needs.stop();
    throw err;
  }
  if (!service.startedByBench && svcEnv.files.length)
    o.log(
      `${suite.name}: already running — ${svcEnv.files.join(', ')} NOT applied (stop it to let the bench start it)`,
    );
  try {
    let seed = 'no seed script for this suite (load-tests/<suite>/seed.ts)';
    if (suite.seed) {
      o.log(`${suite.name}: seeding (${suite.seed})`);
      execFileSync(process.execPath, ['-r', '@swc-node/register', suite.seed], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, RUN_ID: runId, BASE_URL: baseUrl },
        stdio: 'inherit',
      });
      seed = `seeded by ${suite.seed} (deterministic)`;
    }
    // pg_stat_statements is reset and the "before" snapshots taken when the first script's
    // setup() has ended, so setup()'s seeding is not in the resource tables.
    let statementsReset = false;
    let pgBefore: PgSnapshot | undefined;
    let redisBefore: RedisRead | undefined;
    const before = async () => {
      if (pgBefore) return;
      statementsReset = await resetStatements(env.DATABASE_URL);
      [pgBefore, redisBefore] = await Promise.all([
        snapshotPostgres(env.DATABASE_URL, 100, statementsReset),
        readRedisInfo(env.REDIS_URL),
      ]);
    };
    const spans: ScriptSpan[] = [];
    const machine = machineInfo(env.K6_BIN);
    const startedAt = Date.now() / 1000;
    const scripts: ScriptRun[] = [];
    const recovery: Recovery[] = [];
    for (const script of scriptFiles) {
      const stem = script.replace(/^.*\//, '').replace(/\.js$/, '');
      o.log(`${suite.name}: k6 ${stem} (profile ${o.profile}, VU_SCALE ${o.vuScale})`);
      const r = await runK6({
        k6Bin: env.K6_BIN,
        script,
        outDir: dir,
        stem,
        progressEvery: o.progressEvery ?? 10,
        warmupSeconds: o.warmup ?? 0,
        log: o.log,
        onLoadStart: before,
        env: {
          PROFILE: o.profile,
          VU_SCALE: String(o.vuScale),
          RATE_SCALE: String(o.rateScale ?? o.vuScale),
          DURATION_SCALE: String(o.durationScale ?? 1),
          ...(o.duration ? { DURATION: o.duration } : {}),
          RUN_ID: runId,
          BASE_URL: baseUrl,
          ...needs.k6Env,
          ...(o.env ?? {}),
        },
      });
      spans.push({ k6Start: r.startedAt, k6End: r.endedAt, loadStart: r.series.loadStart });
      if (RECOVERY_PROFILES.has(o.profile) && suite.kind === 'service') {
        const t = targets.suites[suite.targetsSuite];
        const scenario = t?.hottest ?? '';
        const bar = targetsFor(targets, suite.targetsSuite, scenario, o.profile).latency_ms?.p95;
        const p95BarMs = typeof bar === 'number' ? bar : (bar?.lt ?? bar?.lte ?? 500);
        o.log(`${suite.name}: load removed — probing recovery (p95 < ${p95BarMs} ms)`);
        const rec = await measureRecovery({
          script: stem,
          baseUrl,
          probePath: t?.recovery_probe ?? '/health',
          loadEndedAt: r.endedAt,
          p95BarMs,
        });
        o.log(
          `${suite.name}: recovered ${rec.seconds === null ? `NOT within ${rec.timeoutSeconds} s` : `in ${rec.seconds.toFixed(1)} s`}`,
        );
        recovery.push(rec);
      }
      let summary;
      try {
        summary = readSummary(r.summaryFile);
      } catch {
        summary = { metrics: {} };
      }
      scripts.push({
        script: stem,
        exitCode: r.exitCode,
        thresholds: thresholdResults(summary),
        series: r.series,
        vusMax: metricValue(summary, 'vus_max', 'max') ?? metricValue(summary, 'vus_max', 'value'),
        droppedIterations: metricValue(summary, 'dropped_iterations', 'count') ?? 0,
        iterations: metricValue(summary, 'iterations', 'count'),
        generatorCpu: cpuStats(r.generatorCpu),
      });
      if (r.exitCode !== 0 && r.exitCode !== 99)
        o.log(`${suite.name}: k6 exited ${r.exitCode}: ${r.stderrTail.slice(-3).join(' | ')}`);
    }
    const endedAt = Date.now() / 1000;
    const loadAvgEnd = loadavg();
    // One more scrape interval so the last seconds of the run are in Prometheus.
    await new Promise((r) => setTimeout(r, 6000));
    await before(); // no iteration seen at all: the snapshots are taken now
    const [pgStart, redisStart] = [pgBefore, redisBefore] as [PgSnapshot, RedisRead];
    const windows = loadWindows(spans, o.warmup ?? 0);
    const prom = await collectPrometheus(new PrometheusClient(env.PROMETHEUS_URL), suite.job, windows);
    if (suite.kind === 'baseline') prom.notMeasured ??= 'bare baseline servers are not scraped by Prometheus';
    const [pgAfter, redisAfter, kafka] = await Promise.all([
      snapshotPostgres(env.DATABASE_URL, 100, statementsReset),
      readRedisInfo(env.REDIS_URL),
      kafkaLag(env.KAFKA_BROKERS.split(','), (g) => !/test|vitest|int-spec/i.test(g)),
    ]);
    const run: RunData = {
      suite: suite.targetsSuite,
      profile: o.profile,
      startedAt,
      endedAt,
      config: {
        runId,
        baseUrl,
        vuScale: o.vuScale,
        rateScale: o.rateScale ?? o.vuScale,
        durationScale: o.durationScale ?? 1,
        duration: o.duration,
        serviceStartedByBench: service.startedByBench,
        seed,
        reset: `${data}; pg_stat_statements ${statementsReset ? 'reset after setup()' : 'not reset (no privilege)'}; Redis not flushed (shared server: FLUSHALL would break other work), deltas of INFO counters used`,
        command: o.command,
        serviceEnv: service.startedByBench ? redactEnv(svcEnv.env) : undefined,
        serviceEnvFiles: service.startedByBench ? svcEnv.files : undefined,
        needs: needs.notes,
        loadAvgEnd,
        warmupSeconds: o.warmup || undefined,
      },
      machine,
      scripts,
      prometheus: prom,
      postgres: { before: pgStart, after: pgAfter },
      redis: redisDelta(redisStart, redisAfter),
      kafka,
      ...(recovery.length ? { recovery } : {}),
    };
    writeFileSync(join(dir, 'prometheus.json'), JSON.stringify(prom, null, 1));
    writeFileSync(join(dir, 'postgres.json'), JSON.stringify(run.postgres, null, 1));
    writeFileSync(
      join(dir, 'redis.json'),
      JSON.stringify({ before: redisStart, after: redisAfter, delta: run.redis }, null, 1),
    );
    writeFileSync(join(dir, 'kafka.json'), JSON.stringify(kafka, null, 1));
    return finish(dir, run, targets);
  } finally {
    if (!o.keepService) {
      await service.stop();
      // Per-run topics (service env with ${RUN_ID}) leave nothing behind for the next run.
      if (service.startedByBench) await deleteRunTopics(env.KAFKA_BROKERS.split(','), runId, o.log);
    }
    await needs.stop();
  }
}

export function finish(dir: string, run: RunData, targets: TargetsFile): RunOutcome {
  writeFileSync(join(dir, 'run.json'), JSON.stringify(run, null, 1));
  const report = writeReport(dir, run, targets);
  return { dir, report, run, pass: overall(run, targets) };
}
