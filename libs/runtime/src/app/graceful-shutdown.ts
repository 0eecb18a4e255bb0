import type { INestApplication } from '@nestjs/common';
import { shutdownTracing } from '@perflab/observability';
import type { RuntimeLogger } from '../logging/runtime-logger';

export interface GracefulShutdownOptions {
  timeoutMs: number;
  logger: RuntimeLogger;
  signals?: readonly NodeJS.Signals[];
  /**
   * Settles once the app has started (app.listen, which also runs the init hooks). A stop that
   * arrives before then closes the app only after it: closing mid-init lets the init carry on
   * into a closed Fastify ("already listening. Cannot call setNotFoundHandler") and exit 1.
   */
  started?: Promise<unknown>;
  /** Test seam; defaults to process.exit. */
  exit?: (code: number) => void;
}

/**
 * Closes the app once, on the first SIGTERM/SIGINT (or when the cluster primary
 * goes away), within a bound. `app.close()` runs Nest's lifecycle in order:
 * onModuleDestroy, beforeApplicationShutdown, the HTTP server's close (stop
 * accepting, drain in-flight requests), then onApplicationShutdown, where libs
 * commit consumer offsets and close pools. We call it ourselves instead of
 * `app.enableShutdownHooks()`, which would run the same hooks a second time,
 * unbounded, and re-raise the signal instead of exiting 0.
 * Returns the trigger, for callers that decide to stop for another reason.
 */
export function installGracefulShutdown(
  app: INestApplication,
  options: GracefulShutdownOptions,
): (reason: string) => void {
  const { logger, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;

  const shutdown = (reason: string): void => {
    if (started) return; // a second signal (Ctrl-C twice, primary forwarding too) changes nothing
    started = true;
    const begin = Date.now();
    logger.info({ reason, boundMs: timeoutMs }, 'shutting down: draining in-flight requests');
    setTimeout(() => {
      logger.error({ boundMs: timeoutMs }, 'shutdown exceeded its bound; forcing exit');
      exit(1);
    }, timeoutMs).unref();

    // A start that fails is runService's to report (exit 1); either way, close what there is.
    Promise.resolve(options.started)
      .catch(() => undefined)
      .then(() => app.close())
      .then(() => shutdownTracing())
      .then(
        () => {
          logger.info({ tookMs: Date.now() - begin }, 'shutdown complete');
          exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error, tookMs: Date.now() - begin }, 'shutdown failed');
          exit(1);
        },
      );
  };

  for (const signal of options.signals ?? (['SIGTERM', 'SIGINT'] as const)) {
    process.on(signal, () => shutdown(signal));
  }
  return shutdown;
}
