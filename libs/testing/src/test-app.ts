import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { httpClient, type HttpRequest } from './http-client';
import { spawnService, type SpawnedService } from './spawn-service';
import { waitFor } from './test-env';

/** A service's app in the test's own process, listening on loopback. */
export interface TestApp {
  url: string;
  app: NestFastifyApplication;
  request: HttpRequest;
  close(): Promise<void>;
}

/**
 * Listens on a free loopback port: the one way a service's int-specs serve the app they
 * built (`createServiceApp` with the service's module and config, as its main.ts does).
 * The app is built by the service, not here: this lib sits below runtime, whose own specs use it.
 */
export async function listenOnLoopback(app: NestFastifyApplication): Promise<TestApp> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, app, request: httpClient(url), close: () => app.close() };
}

/** The real main.ts in a child process, healthy. */
export interface SpawnedApp {
  service: SpawnedService;
  url: string;
  request: HttpRequest;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

export interface SpawnAppOptions {
  /** Answers 200 once the service can do its work (its worker, say); default `/health`. */
  healthPath?: string;
  timeoutMs?: number;
}

/**
 * A service's main.ts in a child process (its cluster and signals included), so a test can
 * SIGKILL it mid-work. Resolves once `healthPath` answers 200; fails with its stderr if it exits.
 */
export async function spawnHealthyApp(
  entry: string,
  env: Record<string, string>,
  { healthPath = '/health', timeoutMs = 60_000 }: SpawnAppOptions = {},
): Promise<SpawnedApp> {
  const service = await spawnService(entry, env);
  const request = httpClient(service.url);
  await waitFor(
    async () => {
      if (service.child.exitCode !== null) throw new Error(`service exited: ${service.stderr().slice(-2_000)}`);
      return (await request('GET', healthPath).catch(() => ({ status: 0 }))).status === 200;
    },
    { timeoutMs, intervalMs: 250, what: `${entry} to answer 200 on ${healthPath}` },
  );
  return { service, url: service.url, request, kill: service.stop };
}
