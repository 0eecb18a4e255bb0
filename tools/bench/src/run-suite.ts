import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStack, StackEnv } from './stack';
import { ensureService } from './service';
import { runK6 } from './k6-runner';
import { readSummary, thresholdResults, metricValue } from './k6/summary';
import { cpuStats } from './collectors/proc-cpu';
import { PrometheusClient } from './prometheus-client';
import { collectPrometheus } from './collectors/prometheus';
import { resetStatements, snapshotPostgres } from './collectors/postgres';
import { readRedisInfo, redisDelta } from './collectors/redis';
import { kafkaLag } from './collectors/kafka';
import { machineInfo } from './collectors/machine';
import { RunData, ScriptRun } from './report/model';
import { writeReport } from './report/write-report';
import { overall } from './report/grade';
import { TargetsFile } from './targets/targets';
import { SuiteDef } from './suites';
import { REPO_ROOT, RESULTS_DIR } from './paths';

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

export async function runSuite(suite: SuiteDef, targets: TargetsFile, o: RunOptions, stackEnv?: StackEnv): Promise<RunOutcome> {
  if (!suite.scripts.length) throw new Error(`${suite.name}: no k6 scripts found`);
  const env = stackEnv ?? ensureStack(o.log);
  const dir = o.outDir ?? join(RESULTS_DIR, `${stamp()}-${suite.name}-${o.profile}`);
  mkdirSync(dir, { recursive: true });
  const runId = `${suite.name}-${Date.now().toString(36)}`;
  const baseUrl = `http://127.0.0.1:${suite.port}`;

  const service = await ensureService({ name: suite.name, entry: suite.entry, root: suite.root, port: suite.port, env, logFile: join(dir, 'service.log'), log: o.log });
  try {
    let seed = 'no seed script for this suite (load-tests/<suite>/seed.ts)';
    if (suite.seed) {
      o.log(`${suite.name}: seeding (${suite.seed})`);
      execFileSync(process.execPath, ['-r', '@swc-node/register', suite.seed], { cwd: REPO_ROOT, env: { ...process.env, ...env, RUN_ID: runId, BASE_URL: baseUrl }, stdio: 'inherit' });
      seed = `seeded by ${suite.seed} (deterministic)`;
    }
    const statementsReset = await resetStatements(env.DATABASE_URL);
    const pgBefore = await snapshotPostgres(env.DATABASE_URL, 100, statementsReset);
    const redisBefore = await readRedisInfo(env.REDIS_URL);
    const machine = machineInfo(env.K6_BIN);
    const startedAt = Date.now() / 1000;
    const scripts: ScriptRun[] = [];
    for (const script of suite.scripts) {
      const stem = script.replace(/^.*\//, '').replace(/\.js$/, '');
      o.log(`${suite.name}: k6 ${stem} (profile ${o.profile}, VU_SCALE ${o.vuScale})`);
      const r = await runK6({
        k6Bin: env.K6_BIN,
        script,
        outDir: dir,
        stem,
        progressEvery: o.progressEvery ?? 10,
        log: o.log,
        env: {
          PROFILE: o.profile,
          VU_SCALE: String(o.vuScale),
          RATE_SCALE: String(o.rateScale ?? o.vuScale),
          DURATION_SCALE: String(o.durationScale ?? 1),
          ...(o.duration ? { DURATION: o.duration } : {}),
          RUN_ID: runId,
          BASE_URL: baseUrl,
          ...(o.env ?? {}),
        },
      });
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
      if (r.exitCode !== 0 && r.exitCode !== 99) o.log(`${suite.name}: k6 exited ${r.exitCode}: ${r.stderrTail.slice(-3).join(' | ')}`);
    }
    const endedAt = Date.now() / 1000;
    // One more scrape interval so the last seconds of the run are in Prometheus.
    await new Promise((r) => setTimeout(r, 6000));
    const prom = await collectPrometheus(new PrometheusClient(env.PROMETHEUS_URL), suite.job, startedAt, endedAt);
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
        reset: `pg_stat_statements ${statementsReset ? 'reset' : 'not reset (no privilege)'}; Redis not flushed (shared server: FLUSHALL would break other work), deltas of INFO counters used`,
        command: o.command,
      },
      machine,
      scripts,
      prometheus: prom,
      postgres: { before: pgBefore, after: pgAfter },
      redis: redisDelta(redisBefore, redisAfter),
      kafka,
    };
    writeFileSync(join(dir, 'prometheus.json'), JSON.stringify(prom, null, 1));
    writeFileSync(join(dir, 'postgres.json'), JSON.stringify(run.postgres, null, 1));
    writeFileSync(join(dir, 'redis.json'), JSON.stringify({ before: redisBefore, after: redisAfter, delta: run.redis }, null, 1));
    writeFileSync(join(dir, 'kafka.json'), JSON.stringify(kafka, null, 1));
    return finish(dir, run, targets);
  } finally {
    if (!o.keepService) await service.stop();
  }
}

export function finish(dir: string, run: RunData, targets: TargetsFile): RunOutcome {
  writeFileSync(join(dir, 'run.json'), JSON.stringify(run, null, 1));
  const report = writeReport(dir, run, targets);
  return { dir, report, run, pass: overall(run, targets) };
}
