import { StackEnv } from '../stack';
import { healthy, StartedService } from '../service';
import { BENCH_DATABASE, resetBenchDatabase } from '../bench-database';
import { BENCH_REDIS_DB, resetBenchRedis } from '../bench-redis';
import { startNeeds } from '../needs';
import { redactEnv, ServiceEnv, serviceEnvFor } from '../service-env';
import { runSuiteSeed } from '../suite-seed';
import { SuiteDef } from '../suites';
import { TargetsFile } from '../targets/targets';
import { REPO_ROOT } from '../paths';
import { startServiceProcesses } from './start-processes';

// The services a run measures: the suite's own (on a fresh bench database when the bench
// starts it) and the ones its scripts call (targets.json "needs").

export interface RunningServices {
  /** stack env the service and collectors use (DATABASE_URL is the bench database when reset) */
  env: StackEnv;
  service: StartedService;
  /** what the data was reset to, for the report's Data row */
  data: string;
  /** env the bench gave the service (redacted) and its files, when the bench started it */
  serviceEnv?: Record<string, string>;
  serviceEnvFiles?: string[];
  /** how the needed services ran, and the env k6 needs to reach them */
  needs: string[];
  k6Env: Record<string, string>;
  /** stops the needed services the bench started (the suite's own stops with `service.stop`) */
  stopNeeds(): Promise<void>;
}

/** A compare variant's env wins over the env files, and the report says where it came from. */
export function withVariant(files: ServiceEnv, variant?: Record<string, string>): ServiceEnv {
  if (!variant || !Object.keys(variant).length) return files;
  return {
    env: { ...files.env, ...variant },
    files: [...files.files, `--variant ${Object.keys(variant).sort().join(', ')}`],
  };
}

export async function startServices(opts: {
  suite: SuiteDef;
  targets: TargetsFile;
  profile: string;
  stack: StackEnv;
  runId: string;
  dir: string;
  log: (s: string) => void;
  /** env for the suite's own service only (e.g. the CPU profile hook), not its needs */
  serviceOnlyEnv?: Record<string, string>;
}): Promise<RunningServices> {
  const { suite, stack, runId, dir, log } = opts;
  // A like-for-like baseline runs on the same fresh database, env files and needed services.
  const isService = suite.kind === 'service' || suite.likeForLike === true;
  // Reset the bench database only when the bench will start the suite's service: one already
  // running keeps the database it was started with, and the report says so.
  const willStart = !(await healthy(`http://127.0.0.1:${suite.port}/health`));
  let env: StackEnv = stack;
  let data: string;
  if (!isService) data = 'bare baseline: no database (a Redis cache only)';
  else if (willStart) {
    env = {
      ...stack,
      DATABASE_URL: await resetBenchDatabase(stack.DATABASE_URL, suite.root ?? REPO_ROOT, log),
      REDIS_URL: await resetBenchRedis(stack.REDIS_URL, log),
    };
    data = `services started by the bench used database ${BENCH_DATABASE}, dropped, recreated, migrated and checkpointed, and Redis database ${BENCH_REDIS_DB}, flushed, at the start of this run`;
  } else
    data = `data NOT reset: ${suite.name} was already running (not started by the bench), so it used the database it was started with (its own DATABASE_URL, not ${BENCH_DATABASE}); stop it to let the bench start it on a fresh database`;

  const svcEnv = isService
    ? withVariant(serviceEnvFor(suite.targetsSuite, opts.profile, undefined, { RUN_ID: runId }), suite.serviceEnv)
    : { env: {}, files: [] };
  if (isService && willStart) {
    const seeded = runSuiteSeed(suite.targetsSuite, { ...env, ...svcEnv.env }, log, suite.root ?? REPO_ROOT);
    if (seeded) data = `${data}; ${seeded}`;
  }
  const needs = await startNeeds({
    names: isService ? (opts.targets.suites[suite.targetsSuite]?.needs ?? []) : [],
    targets: opts.targets,
    profile: opts.profile,
    stackEnv: env,
    runId,
    dir,
    log,
    root: suite.root,
    node: suite.node,
  });
  let service: StartedService;
  try {
    service = await startServiceProcesses({
      suite,
      targets: opts.targets,
      env: { ...env, ...svcEnv.env, ...opts.serviceOnlyEnv },
      dir,
      log,
    });
  } catch (err) {
    await needs.stop();
    throw err;
  }
  if (!service.startedByBench && svcEnv.files.length)
    log(`${suite.name}: already running — ${svcEnv.files.join(', ')} NOT applied (stop it to let the bench start it)`);
  return {
    env,
    service,
    data,
    serviceEnv: service.startedByBench ? redactEnv(svcEnv.env) : undefined,
    serviceEnvFiles: service.startedByBench ? svcEnv.files : undefined,
    needs: needs.notes,
    k6Env: needs.k6Env,
    stopNeeds: () => needs.stop(),
  };
}
