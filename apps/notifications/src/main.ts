import '@perflab/observability'; // first: starts tracing (OTEL_ENABLED) before instrumented modules load
import { runService } from '@perflab/runtime';
import { loadNotificationsConfigOrExit } from './notifications.config';
import { NotificationsModule } from './notifications.module';

const config = loadNotificationsConfigOrExit();

void runService({
  name: 'notifications',
  host: config.HOST,
  port: config.PORT,
  bodyLimit: config.BODY_LIMIT_BYTES,
  module: NotificationsModule.forRoot(config),
});
