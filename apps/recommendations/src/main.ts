import '@perflab/observability'; // first: starts tracing (OTEL_ENABLED) before instrumented modules load
import { runService } from '@perflab/runtime';
import { loadRecommendationsConfigOrExit } from './recommendations.config';
import { RecommendationsModule } from './recommendations.module';

const config = loadRecommendationsConfigOrExit();

void runService({
  name: 'recommendations',
  host: config.HOST,
  port: config.PORT,
  bodyLimit: config.BODY_LIMIT_BYTES,
  module: RecommendationsModule.forRoot(config),
});
