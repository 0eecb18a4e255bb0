export {
  isHealthIndicator,
  type HealthCheckEntry,
  type HealthCheckResult,
  type HealthIndicator,
  type HealthReport,
} from './health-indicator';
export { runHealthChecks, type RunHealthChecksOptions } from './run-health-checks';
export { HealthController } from './health.controller';
export {
  HealthModule,
  type HealthIndicatorFactory,
  type HealthIndicatorRegistration,
  type HealthModuleOptions,
} from './health.module';
export { HEALTH_INDICATORS } from './health.tokens';
