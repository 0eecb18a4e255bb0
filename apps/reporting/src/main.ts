import '@perflab/observability'; // first: starts tracing (OTEL_ENABLED) before instrumented modules load
import cluster from 'node:cluster';
import { runService } from '@perflab/runtime';
import { loadReportingConfigOrExit } from './reporting.config';
import { ReportingModule } from './reporting.module';
import { seedIfEmpty } from './seed/load-history';

const config = loadReportingConfigOrExit();

/** One JSON log line, like the service's own (pino is set up by runService, after the seed). */
const log = (level: string, message: string) =>
  process.stdout.write(`${JSON.stringify({ level, timestamp: new Date().toISOString(), logger: 'seed', message })}\n`);

async function main(): Promise<void> {
  // The bench's per-run data (service.env): loaded once, by the primary, before any worker serves.
  if (config.SEED_EVENTS > 0 && cluster.isPrimary) {
    const options = {
      seed: config.SEED_NUMBER,
      events: config.SEED_EVENTS,
      companies: config.SEED_COMPANIES,
      until: config.SEED_UNTIL,
    };
    const result = await seedIfEmpty(config.DATABASE_URL, options, (line) => log('INFO', line));
    if (result) {
      const { events, insertMs, rollupMs } = result;
      log('INFO', `loaded ${events} events (seed ${options.seed}) in ${insertMs} ms, rollups built in ${rollupMs} ms`);
    }
  }
  await runService({
    name: 'reporting',
    host: config.HOST,
    port: config.PORT,
    bodyLimit: config.BODY_LIMIT_BYTES,
    module: ReportingModule.forRoot(config),
  });
}

main().catch((error: unknown) => {
  log('FATAL', `start-up failed: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});
