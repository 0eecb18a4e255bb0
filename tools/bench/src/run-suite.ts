import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { ensureStack, StackEnv } from './stack';
import { deleteRunTopics } from './collectors/kafka';
import { machineInfo } from './collectors/machine';
import { QUIET_CHECK_SECONDS, quietBeforeLoad } from './collectors/wait-for-quiet';
import { countServiceProcesses, ServiceInstances } from './collectors/service-workers';
import { EventLoopCpuSampler } from './collectors/event-loop-cpu';
import { loadWindows, ScriptSpan } from './load-window';
import { Recovery } from './recovery';
import { RunConfig, RunData, ScriptRun } from './report/model';
import { writeReport } from './report/write-report';
import { overall } from './report/grade';
import { TargetsFile } from './targets/targets';
import { SuiteDef } from './suites';
import { LOAD_TESTS, REPO_ROOT, RESULTS_DIR } from './paths';
import { locustBarsFor, locustBin, locustSection, runLocust, type LocustRun } from './locust';
import { selectScripts, stemOf } from './run/select-scripts';
import { RunningServices, startServices } from './run/start-services';
import { LoadStartSnapshots } from './run/snapshots';
import { runScript } from './run/run-script';
import { measuresRecovery, probeRecovery } from './run/probe-recovery';
import { collectAfter } from './run/collect-after';
import { cpuProfileFor, profilerFor } from './profile/run-profile';
import { argon2CostOf } from './argon2-cost/cost-file';

export { RECOVERY_PROFILES } from './run/probe-recovery';

// One run of a suite, step by step: start what it needs, run each k6 script (probing
// recovery after stress/spike), collect the resources of the load windows, write the report.

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
  /** k6 (default), locust (the suite's locustfile.py instead of its k6 scripts) or both, k6 first */
  generator?: Generator;
  /** with the service up, wait at most this long for a quiet CPU before the load (0 / unset: no wait) */
  quietWaitSeconds?: number;
  /** --quiet-load: in that wait, also for the 1-minute load average to be at or below this (unset: CPU idle alone) */
  quietLoadAvg?: number;
  /** false: no V8 profile of the service (its machine CPU is still sampled); default true */
  cpuProfile?: boolean;
}

export type Generator = 'k6' | 'locust' | 'both';

export interface RunOutcome {
  dir: string;
  report: string;
  run: RunData;
  pass: boolean;
}

export function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

/** The env every k6 script of the run gets. */
function k6Env(o: RunOptions, runId: string, baseUrl: string, services: RunningServices): Record<string, string> {
  return {
    PROFILE: o.profile,
    VU_SCALE: String(o.vuScale),
    RATE_SCALE: String(o.rateScale ?? o.vuScale),
    DURATION_SCALE: String(o.durationScale ?? 1),
    ...(o.duration ? { DURATION: o.duration } : {}),
    RUN_ID: runId,
    BASE_URL: baseUrl,
    ...services.k6Env,
    ...(o.env ?? {}),
  };
}

function runConfig(
  o: RunOptions,
  runId: string,
  baseUrl: string,
  services: RunningServices,
  measured: { statementsReset: boolean; serviceInstances: ServiceInstances; loadAvgEnd: number[] },
): RunConfig {
  const { statementsReset, serviceInstances, loadAvgEnd } = measured;
  return {
    runId,
    baseUrl,
    vuScale: o.vuScale,
    rateScale: o.rateScale ?? o.vuScale,
    durationScale: o.durationScale ?? 1,
    duration: o.duration,
    serviceStartedByBench: services.service.startedByBench,
    serviceInstances,
    reset: `${services.data}; pg_stat_statements ${statementsReset ? 'reset after setup()' : 'not reset (no privilege)'}; Redis INFO counters are server-wide: deltas over the run used`,
    command: o.command,
    serviceEnv: services.serviceEnv,
    serviceEnvFiles: services.serviceEnvFiles,
    needs: services.needs,
    loadAvgEnd,
    warmupSeconds: o.warmup || undefined,
  };
}

export async function runSuite(
  suite: SuiteDef,
  targets: TargetsFile,
  o: RunOptions,
  stackEnv?: StackEnv,
): Promise<RunOutcome> {
  const generator = o.generator ?? 'k6';
  const scriptFiles = generator === 'locust' ? [] : selectScripts(suite, o.scripts, { profile: o.profile, targets });
  const stack = stackEnv ?? ensureStack(o.log);
  const dir = o.outDir ?? join(RESULTS_DIR, `${stamp()}-${suite.name}-${o.profile}`);
  mkdirSync(dir, { recursive: true });
  const runId = `${suite.name}-${Date.now().toString(36)}`;
  const baseUrl = `http://127.0.0.1:${suite.port}`;
  const profiling = cpuProfileFor(suite, dir, o.cpuProfile ?? true);
  const services = await startServices({
    suite,
    targets,
    profile: o.profile,
    stack,
    runId,
    dir,
    log: o.log,
    // A baseline names its Kafka topics after the run, so the run's clean-up deletes them.
    serviceOnlyEnv: { ...profiling.env, ...(suite.kind === 'baseline' ? { RUN_ID: runId } : {}) },
  });
  const { env, service } = services;
  const servicePids = service.pids ?? (service.pid === undefined ? [] : [service.pid]);
  // Each event loop's CPU (the bar is per loop); bare baselines are not graded on resources.
  const loopSampler =
    suite.kind === 'baseline'
      ? null
      : new EventLoopCpuSampler(servicePids.map((pid, i) => ({ pid, name: service.names?.[i] ?? suite.name })));
  try {
    const snapshots = new LoadStartSnapshots(env.DATABASE_URL, env.REDIS_URL);
    // Quiet? CPU idle over the seconds before the load (the service is up and idle by now),
    // after a bounded wait for it when asked (a round right after another, a baseline half).
    const quiet = await quietBeforeLoad(o.quietWaitSeconds ?? 0, {
      cores: cpus().length,
      windowSeconds: QUIET_CHECK_SECONDS,
      ...(o.quietLoadAvg !== undefined ? { maxLoadAvg: o.quietLoadAvg } : {}),
    });
    if (quiet.wait) o.log(`${suite.name}: ${quiet.wait.line}`);
    const machine = {
      ...machineInfo(env.K6_BIN, suite.node, suite.root),
      idleBefore: quiet.idleBefore,
      ...(quiet.wait ? { quietWait: quiet.wait } : {}),
    };
    const startedAt = Date.now() / 1000;
    const scripts: ScriptRun[] = [];
    const spans: ScriptSpan[] = [];
    const recovery: Recovery[] = [];
    const profiler = profilerFor(profiling, service, dir, o.log);
    for (const script of scriptFiles) {
      o.log(`${suite.name}: k6 ${stemOf(script)} (profile ${o.profile}, VU_SCALE ${o.vuScale})`);
      const r = await runScript({
        k6Bin: env.K6_BIN,
        script,
        dir,
        env: k6Env(o, runId, baseUrl, services),
        warmupSeconds: o.warmup ?? 0,
        progressEvery: o.progressEvery ?? 10,
        onLoadStart: async () => {
          await snapshots.atLoadStart();
          profiler.startAfter?.(o.warmup ?? 0);
        },
        log: o.log,
      });
      await profiler.stop?.(r.run.script);
      spans.push(r.span);
      if (measuresRecovery(suite, o.profile))
        recovery.push(
          await probeRecovery({
            suite,
            targets,
            profile: o.profile,
            script: r.run.script,
            baseUrl,
            loadEndedAt: r.endedAt,
            log: o.log,
          }),
        );
      scripts.push(r.run);
    }
    const locust = generator === 'k6' ? undefined : await runSuiteLocust(suite, o, runId, baseUrl, env, dir);
    const endedAt = Date.now() / 1000;
    loopSampler?.stop();
    const loadAvgEnd = loadavg();
    // Counted while the service is still up: a cluster's workers are its child processes.
    const serviceInstances = countServiceProcesses(servicePids);
    const processes = service.describe?.();
    const measured = await collectAfter({ suite, env, spans, warmupSeconds: o.warmup ?? 0, snapshots, dir });
    const statementsReset = snapshots.statementsReset;
    const run: RunData = {
      suite: suite.targetsSuite,
      profile: o.profile,
      startedAt,
      endedAt,
      config: {
        ...runConfig(o, runId, baseUrl, services, { statementsReset, serviceInstances, loadAvgEnd }),
        processes,
      },
      machine,
      scripts,
      ...measured,
      ...(loopSampler ? { serviceLoopCpu: loopSampler.result(loadWindows(spans, o.warmup ?? 0)) } : {}),
      ...(recovery.length ? { recovery } : {}),
      cpuProfile: profiler.summary(`${suite.name} ${o.profile}: CPU of all workers, measured windows`),
      ...argon2CostOf(suite.targetsSuite),
      // In the run itself, so a report written again (--baseline attaches its run) keeps it.
      ...(locust
        ? {
            locust: {
              ...locustSection(locust, locustBarsFor(targets, suite.targetsSuite, o.profile, o.vuScale)),
              rows: locust.rows,
              ...(locust.generatorCpu ? { generatorCpu: locust.generatorCpu } : {}),
              ...(locust.delivery ? { delivery: locust.delivery } : {}),
            },
          }
        : {}),
    };
    return finish(dir, run, targets);
  } finally {
    loopSampler?.stop();
    if (!o.keepService) {
      await service.stop();
      // Per-run topics (service env with ${RUN_ID}) leave nothing behind for the next run.
      if (service.startedByBench) await deleteRunTopics(env.KAFKA_BROKERS.split(','), runId, o.log);
    }
    await services.stopNeeds();
  }
}

/** The suite's locustfile.py with the run's profile and scales, against the same service. */
async function runSuiteLocust(
  suite: SuiteDef,
  o: RunOptions,
  runId: string,
  baseUrl: string,
  env: StackEnv,
  dir: string,
): Promise<LocustRun> {
  const locustfile = join(LOAD_TESTS, suite.targetsSuite, 'locustfile.py');
  const now = Date.now() / 1000;
  if (!existsSync(locustfile))
    return { exitCode: -1, rows: [], statsFile: '', startedAt: now, endedAt: now, error: `no ${locustfile}` };
  o.log(`${suite.name}: locust (profile ${o.profile}, VU_SCALE ${o.vuScale})`);
  return runLocust({
    bin: locustBin(env.PERFLAB_VENV, REPO_ROOT),
    locustfile,
    host: baseUrl,
    dir,
    stem: 'locust',
    env: {
      PROFILE: o.profile,
      RUN_ID: runId,
      VU_SCALE: String(o.vuScale),
      ...(o.durationScale ? { DURATION_SCALE: String(o.durationScale) } : {}),
      ...(o.env ?? {}),
    },
    log: o.log,
  });
}

export function finish(dir: string, run: RunData, targets: TargetsFile): RunOutcome {
  writeFileSync(join(dir, 'run.json'), JSON.stringify(run, null, 1));
  const report = writeReport(dir, run, targets);
  return { dir, report, run, pass: overall(run, targets) };
}
