import { DiagLogLevel, diag } from '@opentelemetry/api';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { isInternalUrl } from '../metrics/route-label';
import { otelEnvDefaults } from './otel-defaults';
import { isTracingRunning, setRunningTracing, shutdownTracing } from './shutdown';
import { tracingProblems } from './tracing-problems';

/**
 * Starts the OpenTelemetry SDK: OTLP/HTTP trace export to OTEL_EXPORTER_OTLP_ENDPOINT
 * (default http://localhost:4318), service name from OTEL_SERVICE_NAME, batching per
 * OTEL_BSP_*. Loaded only by `register.ts` when OTEL_ENABLED=true, so none of these
 * modules is even required when tracing is off. Must run before the instrumented
 * libraries (http, pg, ioredis, kafkajs, @nestjs/core) are first required.
 */
export function startTracing(): void {
  if (isTracingRunning()) return;
  Object.assign(process.env, otelEnvDefaults(process.env));
  const sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-http': {
          // Scrapes and probes are not traffic, as in the HTTP metrics.
          ignoreIncomingRequestHook: (request) => isInternalUrl(request.url),
        },
      }),
    ],
  });
  reportDiagErrors();
  sdk.start();
  setRunningTracing(sdk);
  // Flush what is batched when the process ends on its own; on signals the runtime
  // calls shutdownTracing() as part of its graceful shutdown. No SIGTERM listener
  // here: adding one would stop Node from exiting on SIGTERM by default.
  process.once('beforeExit', () => void shutdownTracing());
}

/**
 * The SDK reports a failed export (and its other errors) through `diag.error`, which goes
 * nowhere by default: into the service's log, rate-limited. OTEL_LOG_LEVEL, set to debug the
 * SDK itself, keeps the SDK's own console logger instead.
 */
function reportDiagErrors(): void {
  if (process.env.OTEL_LOG_LEVEL) return;
  const report = (message: string, ...args: unknown[]) =>
    tracingProblems.report([message, ...args.map((arg) => String(arg))].join(' '));
  const ignore = () => undefined;
  diag.setLogger(
    { error: report, warn: ignore, info: ignore, debug: ignore, verbose: ignore },
    { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true },
  );
}
