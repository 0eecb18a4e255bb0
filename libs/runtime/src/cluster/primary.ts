import cluster, { type Worker } from 'node:cluster';
import type { RuntimeLogger } from '../logging/runtime-logger';
import { RestartGuard, type RestartGuardOptions } from './restart-guard';

/** A worker that exits with EX_CONFIG will fail the same way every time: do not restart it. */
const EX_CONFIG = 78;
/** Time the primary gives workers beyond their own shutdown bound before killing them. */
const KILL_GRACE_MS = 2_000;

export interface PrimaryOptions {
  name: string;
  workers: number;
  shutdownTimeoutMs: number;
  logger: RuntimeLogger;
  restart?: RestartGuardOptions;
  /** Test seam; defaults to process.exit. */
  exit?: (code: number) => void;
}

/**
 * The primary does no HTTP work: it forks workers, replaces the ones that die
 * (unless they die too fast), forwards SIGTERM/SIGINT, and exits once every
 * worker has exited, or kills them when they overrun the shutdown bound.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { logger, name } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const guard = new RestartGuard(options.restart);
  const pendingRestarts = new Set<NodeJS.Timeout>();
  /** Workers that have started serving (their HTTP server is listening). */
  const listened = new Set<number>();
  let stopping: { exitCode: number } | undefined;

  const fork = (): Worker => {
    const worker = cluster.fork({ PERFLAB_SERVICE: name });
    logger.info({ worker: worker.id, workerPid: worker.process.pid }, 'worker started');
    return worker;
  };

  const liveWorkers = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  const stop = (exitCode: number, reason: string) => {
    if (stopping) return;
    stopping = { exitCode };
    pendingRestarts.forEach(clearTimeout);
    pendingRestarts.clear();
    const workers = liveWorkers();
    logger.info({ reason, workers: workers.length, boundMs: options.shutdownTimeoutMs }, 'primary stopping workers');
    for (const worker of workers) worker.process.kill('SIGTERM');
    if (workers.length === 0) exit(exitCode);
    setTimeout(() => {
      const left = liveWorkers();
      logger.error(
        {
          workerPids: left.map((w) => w.process.pid),
          boundMs: options.shutdownTimeoutMs + KILL_GRACE_MS,
        },
        'workers did not exit within the shutdown bound; killing them',
      );
      for (const worker of left) worker.process.kill('SIGKILL');
      exit(1);
    }, options.shutdownTimeoutMs + KILL_GRACE_MS).unref();
  };

  cluster.on('listening', (worker) => listened.add(worker.id));

  cluster.on('exit', (worker, code, signal) => {
    const wasListening = listened.delete(worker.id);
    if (stopping) {
      // A worker still starting (loading modules, before its signal handlers exist) dies of the
      // SIGTERM itself: it has accepted nothing, so that is a clean stop. A listening worker has
      // its handlers and must drain and exit 0.
      const stoppedWhileStarting = !wasListening && signal === 'SIGTERM';
      if ((code !== 0 || signal) && !stoppedWhileStarting) stopping.exitCode = 1;
      logger.info(
        { worker: worker.id, workerPid: worker.process.pid, code, signal, listening: wasListening },
        'worker exited',
      );
      if (liveWorkers().length === 0) {
        logger.info({ exitCode: stopping.exitCode }, 'all workers exited; primary exiting');
        exit(stopping.exitCode);
      }
      return;
    }
    if (code === EX_CONFIG) {
      logger.error({ worker: worker.id, code }, 'worker exited with a configuration error; not restarting');
      stop(1, 'configuration error');
      return;
    }
    const decision = guard.recordDeath();
    if (decision.action === 'give-up') {
      logger.error(
        {
          worker: worker.id,
          code,
          signal,
          deaths: decision.recentDeaths,
          windowMs: decision.windowMs,
        },
        `restart storm: ${decision.recentDeaths} worker deaths within ${decision.windowMs} ms; giving up`,
      );
      stop(1, 'restart storm');
      return;
    }
    logger.warn(
      {
        worker: worker.id,
        workerPid: worker.process.pid,
        code,
        signal,
        restartInMs: decision.delayMs,
      },
      'worker died; restarting',
    );
    const timer = setTimeout(() => {
      pendingRestarts.delete(timer);
      if (!stopping) fork();
    }, decision.delayMs);
    pendingRestarts.add(timer);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => stop(0, signal));
  }

  logger.info({ workers: options.workers }, 'primary starting workers');
  for (let i = 0; i < options.workers; i++) fork();
}
