import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { httpClient, type HttpRequest } from './http-client';
import { spawnService, type SpawnedService } from './spawn-service';

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
 * SIGKILL it mid-work. Resolves once `healthPath` answers 200. Fails at once, with its
 * output, if the service exits; after `timeoutMs` (default 100 s: two cluster workers
 * compiling TypeScript on a busy two-core CI machine) it stops the child and fails with the
 * last answer and the service's output, so a slow start is told from a hung one.
 */
export async function spawnHealthyApp(
  entry: string,
  env: Record<string, string>,
  { healthPath = '/health', timeoutMs = 100_000 }: SpawnAppOptions = {},
): Promise<SpawnedApp> {
  const service = await spawnService(entry, env);
  const request = httpClient(service.url);
  const deadline = Date.now() + timeoutMs;
  let lastAnswer = 'no answer yet';
  for (;;) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new Error(`${entry} exited before answering 200 on ${healthPath}:\n${service.outputTail()}`);
    }
    const answer = await request('GET', healthPath).catch((error: unknown) => ({ status: 0, text: String(error) }));
    if (answer.status === 200) break;
    lastAnswer = answer.status === 0 ? answer.text : `${answer.status} ${answer.text.slice(0, 300)}`;
    if (Date.now() >= deadline) {
      await service.stop();
      throw new Error(
        `${entry} did not answer 200 on ${healthPath} within ${timeoutMs} ms (last: ${lastAnswer}):\n${service.outputTail()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { service, url: service.url, request, kill: service.stop };
}
