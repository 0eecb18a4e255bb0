import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { listenOnLoopback, type TestApp } from '@perflab/testing';
import { loadReportingConfig } from '../reporting.config';
import { ReportingModule } from '../reporting.module';

export type { TestApp } from '@perflab/testing';

/** The service in this process, as main.ts builds it, on a free loopback port. */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadReportingConfig({ ...process.env, ...env });
  const app = await createServiceApp({
    name: 'reporting-test',
    module: ReportingModule.forRoot(config),
    logger: createLogger('reporting-test', { level: config.LOG_LEVEL }),
    bodyLimit: config.BODY_LIMIT_BYTES,
  });
  return listenOnLoopback(app);
}
