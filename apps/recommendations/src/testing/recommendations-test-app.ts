import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { httpClient, type HttpRequest } from '@perflab/testing';
import { loadRecommendationsConfig } from '../recommendations.config';
import { RecommendationsModule } from '../recommendations.module';

export interface TestApp {
  url: string;
  app: NestFastifyApplication;
  request: HttpRequest;
  close(): Promise<void>;
}

/** The service in this process, listening on a free loopback port (real HTTP, real dependencies). */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadRecommendationsConfig({ ...process.env, ...env });
  const logger = createLogger('recommendations-test', { level: config.LOG_LEVEL });
  const app = await createServiceApp({
    name: 'recommendations-test',
    module: RecommendationsModule.forRoot(config),
    logger,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, app, request: httpClient(url), close: () => app.close() };
}
