import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { listenOnLoopback, type TestApp } from '@perflab/testing';
import { loadChatConfig } from '../chat.config';
import { ChatModule } from '../chat.module';

export type ChatTestApp = TestApp;

/** The service in this process (as main.ts builds it, socket.io included) on a free loopback port. */
export async function startChatTestApp(env: Record<string, string>): Promise<ChatTestApp> {
  const config = loadChatConfig({ ...process.env, ...env });
  const app = await createServiceApp({
    name: 'chat-test',
    module: ChatModule.forRoot(config),
    logger: createLogger('chat-test', { level: config.LOG_LEVEL }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    webSockets: {
      maxPayloadBytes: config.SOCKET_MAX_PAYLOAD_BYTES,
      maxConnections: config.SOCKET_MAX_CONNECTIONS,
      pingIntervalMs: config.SOCKET_PING_INTERVAL_MS,
      pingTimeoutMs: config.SOCKET_PING_TIMEOUT_MS,
    },
  });
  return listenOnLoopback(app);
}
