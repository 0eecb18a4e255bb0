import cluster from 'node:cluster';
import { env as envField, infrastructureEnv, loadConfigOrExit } from '@perflab/config';
import {
  createLogger,
  DEFAULT_EVENT_LOOP_RESOLUTION_MS,
  installClusterMetricsPrimary,
  logFatal,
} from '@perflab/observability';
import { createServiceApp, type ServiceAppOptions } from './app/create-service-app';
import { installGracefulShutdown } from './app/graceful-shutdown';
import { runPrimary } from './cluster/primary';
import type { RestartGuardOptions } from './cluster/restart-guard';
import { resolveWorkerCount } from './cluster/worker-count';
import { httpTimeoutsEnv, httpTimeoutsFrom } from './http/http-timeouts';
import { cpuProfileEnv } from './profiling/cpu-profile-env';
import { installCpuProfileHook } from './profiling/cpu-profile-hook';

export interface RunServiceOptions extends Omit<ServiceAppOptions, 'logger'> {
  port: number;
  /** Default 127.0.0.1: nothing listens beyond the machine unless asked. */
  host?: string;
  /** Default: env WORKERS (0 or unset = one per core; 1 = a single process, no cluster). */
  workers?: number;
  /** Default: env SHUTDOWN_TIMEOUT_MS (10 s). */
  shutdownTimeoutMs?: number;
  /** When workers die too fast, the primary gives up. */
  restart?: RestartGuardOptions;
}

const runtimeEnv = {
  WORKERS: infrastructureEnv.WORKERS,
  SHUTDOWN_TIMEOUT_MS: infrastructureEnv.SHUTDOWN_TIMEOUT_MS,
  ...httpTimeoutsEnv,
  ...cpuProfileEnv,
  /** prom-client samples event-loop delay this often; 100 cuts an idle process's wakeups tenfold (ADR 0016). */
  METRICS_EVENT_LOOP_RESOLUTION_MS: envField.int(DEFAULT_EVENT_LOOP_RESOLUTION_MS, 1, 60_000),
};

/**
 * The whole main.ts of a service: `runService({ name, port, module: AppModule })`.
 * With one worker the service runs in this process; with more, this process becomes
 * the cluster primary and each worker (a fork running the same main.ts) serves HTTP.
 */
export async function runService(options: RunServiceOptions): Promise<void> {
  const env = loadConfigOrExit(runtimeEnv);
  const workers = resolveWorkerCount(options.workers ?? env.WORKERS);
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? env.SHUTDOWN_TIMEOUT_MS;
  const logger = createLogger(options.name);

  if (workers > 1 && cluster.isPrimary) {
    installClusterMetricsPrimary();
    runPrimary({
      name: options.name,
      workers,
      shutdownTimeoutMs,
      logger,
      restart: options.restart,
    });
    return;
  }

  // Crash loudly, as one JSON line, and let the primary (or the supervisor) restart us:
  // state after an uncaught error is unknown. logFatal writes the line even if logging throws.
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error: unknown) => {
      logFatal(logger, error, `${event}; exiting`);
      process.exit(1);
    });
  }

  // The bench's window-exact CPU profile (CPU_PROFILE_DIR): in each process that serves HTTP.
  installCpuProfileHook({
    dir: env.CPU_PROFILE_DIR,
    intervalUs: env.CPU_PROFILE_INTERVAL_US,
    onError: (error) => logger.warn({ err: error }, 'cpu profile failed'),
  });

  try {
    const app = await createServiceApp({
      timeouts: httpTimeoutsFrom(env),
      eventLoopResolutionMs: env.METRICS_EVENT_LOOP_RESOLUTION_MS,
      ...options,
      logger,
    });
    const host = options.host ?? '127.0.0.1';
    // Listen (and init) first, in the same tick as the handlers below: a stop during startup waits for it.
    const started = app.listen({ port: options.port, host });
    const shutdown = installGracefulShutdown(app, {
      timeoutMs: shutdownTimeoutMs,
      logger,
      started,
    });
    // A worker whose primary is gone (killed, crashed) has nobody to restart or stop it.
    if (cluster.isWorker) process.on('disconnect', () => shutdown('primary disconnected'));
    await started;
    logger.info({ host, port: options.port, worker: cluster.worker?.id ?? 0 }, 'listening');
  } catch (error) {
    logFatal(logger, error, 'service failed to start');
    process.exit(1);
  }
}
