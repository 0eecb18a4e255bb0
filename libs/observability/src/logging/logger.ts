import pino, { type DestinationStream, type Logger } from 'pino';
import { tracingEnabled } from '../tracing/tracing-enabled';
import { tracingProblems } from '../tracing/tracing-problems';
import { serializeError } from './error-serializer';
import { REDACTED_PATHS, censorSecrets, payloadSerializers } from './redaction';
import { traceContextMixin } from './trace-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Default: LOG_LEVEL, else `info`. */
  level?: string;
  /** Default: stdout. Tests pass a stream to read the lines. */
  destination?: DestinationStream;
  /** Add trace_id/span_id from the active span. Default: OTEL_ENABLED=true. */
  traceContext?: boolean;
}

/** JSON lines: `{"level":"info","time":"…","service":"…","pid":…,"msg":"…"}`. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const traceContext = options.traceContext ?? tracingEnabled(process.env);
  const logger = pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Secrets are censored where they can be (redaction.ts), not looked for on every line.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: censorSecrets },
      serializers: payloadSerializers(serializeError),
      ...(traceContext ? { mixin: traceContextMixin } : {}),
    },
    options.destination,
  );
  // With tracing on, the SDK's export errors are written by the service's logger.
  if (tracingEnabled(process.env)) tracingProblems.writeTo(logger);
  return logger;
}
