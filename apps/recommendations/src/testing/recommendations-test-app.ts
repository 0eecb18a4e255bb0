import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { listenOnLoopback, type TestApp } from '@perflab/testing';
import { loadRecommendationsConfig } from '../recommendations.config';
import { RecommendationsModule } from '../recommendations.module';

export type { TestApp } from '@perflab/testing';

/** The service in this process, as main.ts builds it, on a free loopback port. */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadRecommendationsConfig({ ...process.env, ...env });
  const app = await createServiceApp({
    name: 'recommendations-test',
    module: RecommendationsModule.forRoot(config),
    logger: createLogger('recommendations-test', { level: config.LOG_LEVEL }),
    bodyLimit: config.BODY_LIMIT_BYTES,
  });
  return listenOnLoopback(app);
}
