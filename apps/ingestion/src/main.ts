import '@perflab/observability'; // first: starts tracing (OTEL_ENABLED) before instrumented modules load
import { runService } from '@perflab/runtime';
import { loadIngestionConfigOrExit } from './ingestion.config';
import { IngestionModule } from './ingestion.module';

const config = loadIngestionConfigOrExit();

void runService({
  name: 'ingestion',
  host: config.HOST,
  port: config.PORT,
  bodyLimit: config.BODY_LIMIT_BYTES,
  // Signatures are checked on the bytes the sender signed.
  rawBody: true,
  module: IngestionModule.forRoot(config),
});
