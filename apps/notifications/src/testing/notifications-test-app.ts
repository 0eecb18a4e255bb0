import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { listenOnLoopback, spawnHealthyApp, type TestApp } from '@perflab/testing';
import { loadNotificationsConfig } from '../notifications.config';
import { NotificationsModule } from '../notifications.module';

export type { SpawnedApp, TestApp } from '@perflab/testing';

/** The service in this process, as main.ts builds it, on a free loopback port. */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadNotificationsConfig({ ...process.env, ...env });
  const app = await createServiceApp({
    name: 'notifications-test',
    module: NotificationsModule.forRoot(config),
    logger: createLogger('notifications-test', { level: config.LOG_LEVEL }),
    bodyLimit: config.BODY_LIMIT_BYTES,
  });
  return listenOnLoopback(app);
}

/** The real main.ts in a child process, so a test can SIGKILL it mid-work. Resolves once its worker is healthy. */
export const spawnApp = (env: Record<string, string>) =>
  spawnHealthyApp('apps/notifications/src/main.ts', env, { healthPath: '/health/worker' });
