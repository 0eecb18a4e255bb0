import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { listenOnLoopback, type TestApp } from '@perflab/testing';
import { loadIngestionConfig } from '../ingestion.config';
import { IngestionModule } from '../ingestion.module';

export type { TestApp } from '@perflab/testing';

/** The service in this process, as main.ts builds it (raw bodies for signatures), on a free loopback port. */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadIngestionConfig({ ...process.env, ...env });
  const app = await createServiceApp({
    name: 'ingestion-test',
    module: IngestionModule.forRoot(config),
    logger: createLogger('ingestion-test', { level: config.LOG_LEVEL }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    rawBody: true,
  });
  return listenOnLoopback(app);
}
