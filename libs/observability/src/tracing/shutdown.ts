/**
 * The running SDK, if any, held here rather than in otel-sdk.ts so that exporting
 * `shutdownTracing` from the lib does not load the SDK when tracing is off.
 */
let running: { shutdown(): Promise<void> } | undefined;

/** How long a stop waits for the last spans to leave: a collector that is down must not eat the shutdown bound. */
export const TRACING_SHUTDOWN_TIMEOUT_MS = 2_000;

export function setRunningTracing(sdk: { shutdown(): Promise<void> }): void {
  running = sdk;
}

export function isTracingRunning(): boolean {
  return running !== undefined;
}

/**
 * Flushes pending spans and stops the SDK; call it in graceful shutdown. No-op when tracing is off.
 * Best effort, never rejects: spans are telemetry, and a collector that is down or slow (the OTLP
 * exporter retries until OTEL_EXPORTER_OTLP_TIMEOUT, 10 s) must not turn a clean stop into
 * "shutdown failed" and exit 1. Waits at most `timeoutMs`; what is unsent by then is dropped.
 */
export async function shutdownTracing(timeoutMs = TRACING_SHUTDOWN_TIMEOUT_MS): Promise<void> {
  const sdk = running;
  running = undefined;
  if (sdk === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((done) => {
    timer = setTimeout(done, timeoutMs);
  });
  try {
    await Promise.race([sdk.shutdown().catch(() => undefined), bound]);
  } finally {
    clearTimeout(timer);
  }
}
