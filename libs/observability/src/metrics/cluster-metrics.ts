import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { metricsRegistry } from './registry';

/**
 * One scrape, all workers. Under node:cluster each worker has its own registry and
 * the OS hands a scrape to any one of them, so the worker that receives GET /metrics
 * asks the primary over IPC; the primary collects every worker's registry with
 * prom-client's AggregatorRegistry (counters and histograms summed, gauges per their
 * aggregator) and answers that worker.
 */
export interface MetricsPayload {
  contentType: string;
  body: string;
}

const REQUEST = 'perflab:metrics:request';
const RESPONSE = 'perflab:metrics:response';

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  contentType?: string;
  body?: string;
  error?: string;
}

/** Longer than prom-client's own 5 s per-worker timeout, so its error reaches the caller. */
const IPC_TIMEOUT_MS = 8_000;

let primaryInstalled = false;

/**
 * Call once in the cluster primary, before or after forking. Idempotent. Answers
 * workers' metrics requests with the aggregate of all live workers.
 */
export function installClusterMetricsPrimary(): void {
  if (primaryInstalled) return;
  if (!cluster.isPrimary) throw new Error('installClusterMetricsPrimary() must run in the cluster primary');
  primaryInstalled = true;
  const aggregator = new AggregatorRegistry();

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    const reply = (response: Omit<MetricsResponse, 'type' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...response });
    };
    aggregator.clusterMetrics().then(
      (body) => reply({ contentType: aggregator.contentType, body }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

let workerAnswering = false;

/**
 * In a cluster worker, answer the primary's requests for this worker's registry.
 * prom-client only adds that listener when an AggregatorRegistry is constructed, so
 * each worker builds one (and never uses it otherwise). No-op outside a worker.
 */
export function installClusterMetricsWorker(): void {
  if (workerAnswering || !cluster.isWorker) return;
  workerAnswering = true;
  new AggregatorRegistry();
}

const pending = new Map<
  number,
  { resolve: (p: MetricsPayload) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
>();
let nextId = 0;
let workerListening = false;

function listenForResponses(): void {
  if (workerListening) return;
  workerListening = true;
  process.on('message', (message: unknown) => {
    if (!isMessage<MetricsResponse>(message, RESPONSE)) return;
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.error !== undefined || message.body === undefined || message.contentType === undefined) {
      waiter.reject(new Error(`cluster metrics: ${message.error ?? 'empty answer from the primary'}`));
    } else {
      waiter.resolve({ contentType: message.contentType, body: message.body });
    }
  });
}

function askPrimary(): Promise<MetricsPayload> {
  listenForResponses();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('cluster metrics: no answer from the primary; did it call installClusterMetricsPrimary()?'));
    }, IPC_TIMEOUT_MS);
    // Never keeps a worker alive on its own.
    timer.unref();
    pending.set(id, { resolve, reject, timer });
    const request: MetricsRequest = { type: REQUEST, id };
    process.send?.(request);
  });
}

/**
 * The process's metrics in Prometheus text format: aggregated over all workers in a
 * cluster worker, the local registry otherwise.
 */
export async function collectMetrics(): Promise<MetricsPayload> {
  if (cluster.isWorker && process.send !== undefined) return askPrimary();
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
