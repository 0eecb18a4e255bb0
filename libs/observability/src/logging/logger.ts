import pino, { type DestinationStream, type Logger } from 'pino';
import { tracingEnabled } from '../tracing/tracing-enabled';
import { serializeError } from './error-serializer';
import { CENSOR, REDACTED_PATHS, redactSecretFields } from './redaction';
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
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: redactSecretFields },
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      serializers: { err: serializeError },
      ...(traceContext ? { mixin: traceContextMixin } : {}),
    },
    options.destination,
  );
}
