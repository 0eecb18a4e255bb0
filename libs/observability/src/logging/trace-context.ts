import { trace } from '@opentelemetry/api';

/**
 * pino `mixin`: the active span's ids on every line, so a log line leads to its trace.
 * Only installed when tracing is on; otherwise the logger pays nothing for it.
 * Always a fresh object: pino merges the line's own fields INTO what the mixin returns
 * (`Object.assign(mixinObject, mergeObject)`), so a shared frozen `{}` made every line
 * with fields and no active span throw, the fatal line of a crash included.
 */
export function traceContextMixin(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
