export { runService, type RunServiceOptions } from './run-service';
export { createServiceApp, type ServiceAppOptions } from './app/create-service-app';
export { installGracefulShutdown, type GracefulShutdownOptions } from './app/graceful-shutdown';
export { runPrimary, type PrimaryOptions } from './cluster/primary';
export { RestartGuard, type RestartDecision, type RestartGuardOptions } from './cluster/restart-guard';
export { resolveWorkerCount } from './cluster/worker-count';
export { ApiError, MalformedJsonError, ValidationFailedError } from './http/api-error';
export { codeForStatus, type ErrorBody, type FieldProblem } from './http/error-body';
export { ErrorMappingFilter } from './http/error.filter';
export { mapError, type MappedError } from './http/map-error';
export type { RawBodyRequest } from './http/json-body-parser';
export {
  ValidatedBody,
  ValidatedParams,
  ValidatedQuery,
  ZodValidationPipe,
  describeIssues,
} from './http/zod-validation.pipe';
export type { RuntimeLogger } from './logging/runtime-logger';
export { PeriodicTask, type PeriodicTaskOptions } from './periodic/periodic-task';
export { PeriodicJob, type PeriodicJobOptions } from './periodic/periodic-job';
export { uuidField } from './http/uuid-field';
export { CPU_PROFILE_SIGNAL, installCpuProfileHook, type CpuProfileHookOptions } from './profiling/cpu-profile-hook';
export { SocketIoAdapter, TOO_MANY_CONNECTIONS, type WebSocketOptions } from './websocket/socket-io.adapter';
