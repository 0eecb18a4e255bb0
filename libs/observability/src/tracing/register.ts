/**
 * Side-effect import, the FIRST line of a service's main.ts:
 *
 *   import '@perflab/observability';   // index.ts imports this file before anything else
 *
 * (A path alias `@perflab/observability/register` for this file alone would skip loading
 * the rest of the lib first; it needs an entry in tsconfig.base.json.)
 * With OTEL_ENABLED=true it starts the OpenTelemetry SDK before anything else is
 * required, so http, pg, ioredis, kafkajs and Nest get patched. Otherwise it does
 * nothing: the SDK modules are not loaded and the hot path pays nothing.
 */
import { tracingEnabled } from './tracing-enabled';

if (tracingEnabled(process.env)) {
  // A synchronous require on purpose: an `import()` would resolve after the service's
  // other imports had already loaded the libraries we must patch.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./otel-sdk') as typeof import('./otel-sdk')).startTracing();
}
