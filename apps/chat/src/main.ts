import '@perflab/observability'; // first: starts tracing (OTEL_ENABLED) before instrumented modules load
import { runService } from '@perflab/runtime';
import { loadChatConfigOrExit } from './chat.config';
import { ChatModule } from './chat.module';

const config = loadChatConfigOrExit();

void runService({
  name: 'chat',
  host: config.HOST,
  port: config.PORT,
  bodyLimit: config.BODY_LIMIT_BYTES,
  module: ChatModule.forRoot(config),
  webSockets: {
    maxPayloadBytes: config.SOCKET_MAX_PAYLOAD_BYTES,
    maxConnections: config.SOCKET_MAX_CONNECTIONS,
    pingIntervalMs: config.SOCKET_PING_INTERVAL_MS,
    pingTimeoutMs: config.SOCKET_PING_TIMEOUT_MS,
  },
});
