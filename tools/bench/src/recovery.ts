import { percentile } from './k6/stats';

// 001 §6.2: after stress the service "recovers within 30 s after load is removed". Measured
// from the moment k6 exits (all load gone): probe /health and one cheap request until the
// last `window` probes all answered 200 and their p95 is back under the scenario's p95 bar.

export interface ProbeSample {
  /** unix seconds when the probe finished */
  t: number;
  ok: boolean;
  ms: number;
}

export interface Recovery {
  script: string;
  /** seconds from load removed to recovered; null when it did not recover in time */
  seconds: number | null;
  p95BarMs: number;
  probe: string;
  samples: number;
  /** p95 of the first window after the load (how degraded it was) */
  firstWindowP95Ms: number;
  timeoutSeconds: number;
}

/** Seconds from loadEndedAt until the first full window of healthy probes under the bar. */
export function recoverySeconds(
  samples: ProbeSample[],
  loadEndedAt: number,
  p95BarMs: number,
  window = 10,
): number | null {
  for (let i = window - 1; i < samples.length; i++) {
    const w = samples.slice(i - window + 1, i + 1);
    if (!w.every((s) => s.ok)) continue;
    const p95 = percentile(Float64Array.from(w.map((s) => s.ms)).sort(), 0.95);
    // The window's first probe is when the service was already answering like that.
    if (p95 < p95BarMs) return Math.max(0, w[0].t - loadEndedAt);
  }
  return null;
}

async function timed(url: string, timeoutMs: number): Promise<{ ok: boolean; ms: number }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return { ok: res.status === 200, ms: performance.now() - t0 };
  } catch {
    return { ok: false, ms: performance.now() - t0 };
  }
}

/** Probe every intervalMs until recovered or timeoutSeconds have passed. */
export async function measureRecovery(o: {
  script: string;
  baseUrl: string;
  probePath: string;
  loadEndedAt: number;
  p95BarMs: number;
  timeoutSeconds?: number;
  intervalMs?: number;
  window?: number;
}): Promise<Recovery> {
  const timeoutSeconds = o.timeoutSeconds ?? 90;
  const window = o.window ?? 10;
  const samples: ProbeSample[] = [];
  const deadline = o.loadEndedAt + timeoutSeconds;
  let seconds: number | null = null;
  while (Date.now() / 1000 < deadline) {
    const [health, cheap] = await Promise.all([
      timed(`${o.baseUrl}/health`, 5000),
      timed(`${o.baseUrl}${o.probePath}`, 5000),
    ]);
    samples.push({ t: Date.now() / 1000, ok: health.ok && cheap.ok, ms: cheap.ms });
    seconds = recoverySeconds(samples, o.loadEndedAt, o.p95BarMs, window);
    if (seconds !== null) break;
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 100));
  }
  const first = samples.slice(0, window).map((s) => s.ms);
  return {
    script: o.script,
    seconds,
    p95BarMs: o.p95BarMs,
    probe: `GET /health + GET ${o.probePath}, window of ${window} probes`,
    samples: samples.length,
    firstWindowP95Ms: percentile(Float64Array.from(first).sort(), 0.95),
    timeoutSeconds,
  };
}
