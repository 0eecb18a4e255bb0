import { trace } from '@opentelemetry/api';

const NONE = Object.freeze({});

/**
 * pino `mixin`: the active span's ids on every line, so a log line leads to its trace.
 * Only installed when tracing is on; otherwise the logger pays nothing for it.
 */
export function traceContextMixin(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return NONE;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
