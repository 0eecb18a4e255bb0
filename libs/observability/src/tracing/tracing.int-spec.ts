import { type ChildProcess, spawn } from 'node:child_process';
import { type Server, createServer } from 'node:http';
import { resolve } from 'node:path';
import { waitFor } from '@perflab/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../../..');
const fixture = resolve(__dirname, 'fixtures/traced-app.fixture.ts');

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
}

/** A local OTLP/HTTP receiver: keeps every exported span with its service name. */
let collector: Server;
let collectorUrl: string;
const exported: { service: string; span: OtlpSpan }[] = [];

interface RunningApp {
  child: ChildProcess;
  base: string;
  sdkLoaded: boolean;
  logs: () => Record<string, unknown>[];
}
const running: ChildProcess[] = [];

async function startApp(env: Record<string, string>): Promise<RunningApp> {
  const { OTEL_ENABLED: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', fixture], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [, port, sdk] = await waitFor(() => /READY (\d+) sdk=(true|false)/.exec(stdout) ?? undefined, {
    timeoutMs: 60_000,
    what: `traced app to listen (stderr: ${stderr})`,
  });
  const logs = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, base: `http://127.0.0.1:${port}`, sdkLoaded: sdk === 'true', logs };
}

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const payload = JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: { spans: OtlpSpan[] }[];
          }[];
        };
        for (const rs of payload.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) for (const span of ss.spans) exported.push({ service, span });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => collector.listen(0, '127.0.0.1', done));
  const address = collector.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  collectorUrl = `http://127.0.0.1:${address.port}`;
});

afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
});

afterAll(async () => {
  await new Promise((done) => collector.close(done));
});

describe('tracing', () => {
  it('is off by default: the SDK is never loaded and logs carry no trace ids', async () => {
    const app = await startApp({});
    expect(app.sdkLoaded).toBe(false);
    expect((await fetch(`${app.base}/hello`)).status).toBe(200);
    const line = await waitFor(() => app.logs().find((l) => l.msg === 'hello handled'), { what: 'log line' });
    expect(line).not.toHaveProperty('trace_id');
    expect(line).toHaveProperty('request_id');
  });

  it('with OTEL_ENABLED=true exports server spans over OTLP/HTTP and stamps their trace id on logs', async () => {
    const service = `perflab-trace-${process.pid}-${Date.now()}`;
    const app = await startApp({
      OTEL_ENABLED: 'true',
      OTEL_SERVICE_NAME: service,
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    expect(app.sdkLoaded).toBe(true);

    // A caller's W3C trace context is continued, not replaced.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`${app.base}/hello`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'traced-1' },
    });
    expect(response.status).toBe(200);
    expect((await fetch(`${app.base}/health`)).status).toBe(200);

    const line = await waitFor(() => app.logs().find((l) => l.msg === 'hello handled'), { what: 'log line' });
    expect(line).toMatchObject({ request_id: 'traced-1', trace_id: traceId });
    expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);

    const server = await waitFor(
      () => exported.find((e) => e.service === service && e.span.traceId === traceId && e.span.kind === 2),
      { what: 'the server span at the collector' },
    );
    expect(server.span.spanId).toBe(line.span_id);
    // Spans carry the path, so the /health check below can see one if it were there.
    expect(server.span.attributes.some((a) => a.value.stringValue?.includes('/hello'))).toBe(true);

    // The /health request must not have produced a span. Spans are exported in the order they
    // end, so once a request made after it is at the collector, a /health span would be too.
    const markerId = '5bf92f3577b34da6a3ce929d0e0e4737';
    const marker = await fetch(`${app.base}/hello`, {
      headers: { traceparent: `00-${markerId}-00f067aa0ba902b8-01` },
    });
    expect(marker.status).toBe(200);
    await waitFor(
      () => exported.find((e) => e.service === service && e.span.traceId === markerId && e.span.kind === 2),
      { what: 'the server span of a request made after /health' },
    );
    const healthSpans = exported.filter(
      (e) => e.service === service && e.span.attributes.some((a) => a.value.stringValue?.includes('/health')),
    );
    expect(healthSpans).toEqual([]);
  });

  it('logs failed exports (collector refusing them) as one warning per interval, not one per batch', async () => {
    // A collector that answers every export 400 (not retried): each batch fails at once.
    let refused = 0;
    const refusing = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        refused += 1;
        res.writeHead(400, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => refusing.listen(0, '127.0.0.1', done));
    try {
      const address = refusing.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const app = await startApp({
        OTEL_ENABLED: 'true',
        OTEL_SERVICE_NAME: `perflab-refused-${process.pid}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${address.port}`,
        OTEL_BSP_SCHEDULE_DELAY: '50',
      });
      const warnings = () => app.logs().filter((l) => l.level === 'warn' && String(l.msg).startsWith('tracing:'));
      // Requests until five batches have been refused: each makes a span, so a batch to export.
      await waitFor(
        async () => {
          expect((await fetch(`${app.base}/hello`)).status).toBe(200);
          return refused >= 5 || undefined;
        },
        { what: 'five refused exports' },
      );
      await waitFor(() => warnings().length > 0 || undefined, { what: 'the warning' });
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatchObject({ service: 'traced-app', failures: 1 });
    } finally {
      await new Promise((done) => refusing.close(done));
    }
  });
});
