import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { httpClient, spawnService, waitFor, type HttpRequest } from '@perflab/testing';
import { loadReportingConfig } from '../reporting.config';
import { ReportingModule } from '../reporting.module';

export interface TestApp {
  url: string;
  app: NestFastifyApplication;
  request: HttpRequest;
  close(): Promise<void>;
}

/** The service in this process, listening on a free loopback port (real HTTP, real dependencies). */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadReportingConfig({ ...process.env, ...env });
  const logger = createLogger('reporting-test', { level: config.LOG_LEVEL });
  const app = await createServiceApp({
    name: 'reporting-test',
    module: ReportingModule.forRoot(config),
    logger,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, app, request: httpClient(url), close: () => app.close() };
}

export interface SpawnedApp {
  url: string;
  request: HttpRequest;
  kill(): Promise<void>;
}

/** The real main.ts in a child process, so a test can SIGKILL it mid-work. Resolves once healthy. */
export async function spawnApp(env: Record<string, string>): Promise<SpawnedApp> {
  const service = await spawnService('apps/reporting/src/main.ts', env);
  const request = httpClient(service.url);
  await waitFor(
    async () => {
      if (service.child.exitCode !== null) throw new Error(`service exited: ${service.stderr().slice(-2_000)}`);
      return (await request('GET', '/health/worker').catch(() => ({ status: 0 }))).status === 200;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'the spawned service to be healthy' },
  );
  return { url: service.url, request, kill: service.stop };
}
