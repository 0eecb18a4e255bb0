import '@perflab/observability'; // first: starts tracing (OTEL_ENABLED) before instrumented modules load
import './uv-threadpool'; // second: sizes libuv's pool for argon2 before anything uses it
import { runService } from '@perflab/runtime';
import { loadAuthConfigOrExit } from './auth.config';
import { AuthModule } from './auth.module';

const config = loadAuthConfigOrExit();

void runService({
  name: 'auth',
  host: config.HOST,
  port: config.PORT,
  bodyLimit: config.BODY_LIMIT_BYTES,
  module: AuthModule.forRoot(config),
});
