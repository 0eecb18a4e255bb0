/**
 * The running SDK, if any, held here rather than in otel-sdk.ts so that exporting
 * `shutdownTracing` from the lib does not load the SDK when tracing is off.
 */
let running: { shutdown(): Promise<void> } | undefined;

export function setRunningTracing(sdk: { shutdown(): Promise<void> }): void {
  running = sdk;
}

export function isTracingRunning(): boolean {
  return running !== undefined;
}

/** Flushes pending spans and stops the SDK; call it in graceful shutdown. No-op when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown();
}
