import '@perflab/observability'; // first: starts tracing (OTEL_ENABLED) before instrumented modules load
import { runService } from '@perflab/runtime';
import { loadReportingConfigOrExit } from './reporting.config';
import { ReportingModule } from './reporting.module';

const config = loadReportingConfigOrExit();

void runService({
  name: 'reporting',
  host: config.HOST,
  port: config.PORT,
  bodyLimit: config.BODY_LIMIT_BYTES,
  module: ReportingModule.forRoot(config),
});
