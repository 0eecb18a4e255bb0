import { splitCsvLine } from './csv-line';
import { Dist, distOf } from './stats';
import { isWindowedMetric, parseExtraTags, WindowedMetric, WindowedMetrics } from './windowed-metrics';

// Folds k6's CSV time series (--out csv) as it is written: per-endpoint latency
// distributions, per-window throughput/errors/percentiles, an error breakdown by kind,
// checks and async e2e latencies. One pass, fed in chunks, so a live progress line and the
// final report come from the same numbers.

export interface EndpointRow extends Dist {
  script: string;
  scenario: string;
  name: string;
  failed: number;
}

export interface WindowRow {
  t: number; // window start, unix seconds
  reqs: number;
  rps: number;
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
  vus: number;
}

export interface ErrorBreakdown {
  total: number;
  timeout: number;
  connection: number;
  rateLimited: number;
  http4xx: number;
  http5xx: number;
  other: number;
  byStatus: Record<string, number>;
}

export interface SeriesSummary {
  /** first sample tagged with a scenario (= setup() has ended), unix seconds; 0 = none */
  loadStart: number;
  start: number;
  end: number;
  windowSeconds: number;
  totalRequests: number;
  failedRequests: number;
  avgRps: number;
  peakRps: number;
  endpoints: EndpointRow[];
  windows: WindowRow[];
  errors: ErrorBreakdown;
  checks: Record<string, { passes: number; fails: number }>;
  e2e: Record<string, Dist & { delivered: number; lost: number }>;
  /** seconds at the start excluded from every number above except the windows (charts) */
  warmupSeconds?: number;
  warmupRequests?: number;
  /** dropped_iterations after the warm-up (k6's summary counts the whole run) */
  droppedAfterWarmup?: number;
  /** with a warm-up: the thresholded k6 metrics over the same window as the tables, by k6 sub-metric name */
  windowed?: Record<string, WindowedMetric>;
}

interface Win {
  reqs: number;
  failed: number;
  durations: number[];
  vus: number;
}

export function emptyErrors(): ErrorBreakdown {
  return { total: 0, timeout: 0, connection: 0, rateLimited: 0, http4xx: 0, http5xx: 0, other: 0, byStatus: {} };
}

export class SeriesAggregator {
  private header: string[] | null = null;
  private col: Record<string, number> = {};
  private rest = '';
  private readonly endpoints = new Map<
    string,
    { scenario: string; name: string; durations: number[]; failed: number }
  >();
  private readonly windows = new Map<number, Win>();
  private readonly errors = emptyErrors();
  private readonly checks: Record<string, { passes: number; fails: number }> = {};
  private readonly e2e = new Map<string, { durations: number[]; delivered: number; lost: number }>();
  private start = Infinity;
  private end = -Infinity;
  private total = 0;
  private failed = 0;
  private first = Infinity;
  private firstScenario = Infinity;
  private warmupRequests = 0;
  private dropped = 0;
  private readonly windowed = new WindowedMetrics();

  /**
   * warmupSeconds: requests in the first N seconds (from the first request) are drawn in
   * the charts but left out of the tables — JIT, connection pools and caches warm up there.
   */
  constructor(
    private readonly script = 'script',
    private readonly windowSeconds = 5,
    private readonly warmupSeconds = 0,
  ) {}

  private inWarmup(ts: number): boolean {
    return this.warmupSeconds > 0 && Number.isFinite(this.first) && ts < this.first + this.warmupSeconds;
  }

  feed(chunk: string): void {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(raw: string): void {
    const line = raw.replace(/\r$/, '');
    if (!line) return;
    const f = splitCsvLine(line);
    if (!this.header) {
      this.header = f;
      f.forEach((name, i) => (this.col[name] = i));
      return;
    }
    const get = (name: string) => f[this.col[name]] ?? '';
    const metric = get('metric_name');
    const ts = Number(get('timestamp'));
    const value = Number(get('metric_value'));
    if (!Number.isFinite(ts)) return;
    if (get('scenario')) this.firstScenario = Math.min(this.firstScenario, ts);
    // The warm-up starts at the first load request (setup() traffic has no scenario).
    if (metric === 'http_req_duration' && get('scenario')) this.first = Math.min(this.first, ts);
    if (this.warmupSeconds > 0 && isWindowedMetric(metric)) this.windowedSample(metric, ts, value, get);
    switch (metric) {
      case 'http_req_duration':
        return this.request(ts, value, get);
      case 'checks': {
        const c = (this.checks[get('check')] ??= { passes: 0, fails: 0 });
        if (value > 0) c.passes++;
        else c.fails++;
        return;
      }
      case 'vus': {
        const w = this.win(ts);
        w.vus = Math.max(w.vus, value);
        return;
      }
      case 'dropped_iterations':
        if (!this.inWarmup(ts)) this.dropped += value;
        return;
      case 'e2e_latency_ms':
        if (this.inWarmup(ts)) return;
        this.e2eOf(get('scenario')).durations.push(value);
        return;
      case 'e2e_delivered': {
        if (this.inWarmup(ts)) return;
        const e = this.e2eOf(get('scenario'));
        if (value > 0) e.delivered++;
        else e.lost++;
        return;
      }
      default:
        return;
    }
  }

  /**
   * Load samples (tagged with a scenario) after the warm-up, under every tag a threshold may
   * select them by. Before the first request the warm-up has not started: those are in it.
   */
  private windowedSample(metric: string, ts: number, value: number, get: (n: string) => string): void {
    const scenario = get('scenario');
    if (!scenario || !Number.isFinite(this.first) || this.inWarmup(ts)) return;
    const tags: [string, string][] = [
      ['scenario', scenario],
      ['name', get('name')],
      ['check', get('check')],
      ...parseExtraTags(get('extra_tags')),
    ];
    this.windowed.add(metric, tags, value);
  }

  private e2eOf(scenario: string) {
    let e = this.e2e.get(scenario);
    if (!e) this.e2e.set(scenario, (e = { durations: [], delivered: 0, lost: 0 }));
    return e;
  }

  private win(ts: number): Win {
    const key = Math.floor(ts / this.windowSeconds) * this.windowSeconds;
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = { reqs: 0, failed: 0, durations: [], vus: 0 }));
    return w;
  }

  private request(ts: number, value: number, get: (n: string) => string): void {
    const scenario = get('scenario');
    if (!scenario) return; // setup()/teardown() traffic is not load
    if (this.inWarmup(ts)) {
      this.warmupRequests++;
      const w = this.win(ts);
      w.reqs++;
      w.durations.push(value);
      if (get('expected_response') === 'false') w.failed++;
      return;
    }
    this.start = Math.min(this.start, ts);
    this.end = Math.max(this.end, ts);
    this.total++;
    const ok = get('expected_response') !== 'false';
    const name = get('name') || `${get('method')} ${get('url')}`;
    const key = `${scenario}\u0000${name}`;
    let ep = this.endpoints.get(key);
    if (!ep) this.endpoints.set(key, (ep = { scenario, name, durations: [], failed: 0 }));
    ep.durations.push(value);
    const w = this.win(ts);
    w.reqs++;
    w.durations.push(value);
    if (ok) return;
    this.failed++;
    ep.failed++;
    w.failed++;
    this.classify(get('status'), get('error_code'));
  }

  private classify(status: string, errorCode: string): void {
    const e = this.errors;
    e.total++;
    const s = Number(status) || 0;
    e.byStatus[String(s)] = (e.byStatus[String(s)] ?? 0) + 1;
    const code = Number(errorCode) || 0;
    if (s === 0 && code === 1050) e.timeout++;
    else if (s === 0) e.connection++;
    else if (s === 429) e.rateLimited++;
    else if (s >= 500) e.http5xx++;
    else if (s >= 400) e.http4xx++;
    else e.other++;
  }

  /** When the first iteration was seen (setup() over), unix seconds; null before that. */
  loadStartedAt(): number | null {
    return Number.isFinite(this.firstScenario) ? this.firstScenario : null;
  }

  /** Cheap numbers for a progress line: totals and the rate of the last complete window. */
  progress(): { requests: number; failed: number; rps: number } {
    const keys = [...this.windows.keys()].sort((a, b) => a - b);
    const last = keys.length > 1 ? this.windows.get(keys[keys.length - 2]) : undefined;
    return { requests: this.total, failed: this.failed, rps: last ? last.reqs / this.windowSeconds : 0 };
  }

  finish(): SeriesSummary {
    if (this.rest) this.line(this.rest);
    this.rest = '';
    const windows: WindowRow[] = [...this.windows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([t, w]) => {
        const d = distOf(w.durations);
        return {
          t,
          reqs: w.reqs,
          rps: w.reqs / this.windowSeconds,
          errorRate: w.reqs ? w.failed / w.reqs : 0,
          p50: d.p50,
          p95: d.p95,
          p99: d.p99,
          vus: w.vus,
        };
      });
    const span = this.total ? Math.max(this.end - this.start, 1) : 0;
    // Peak over full windows only: the first and last are partial.
    const full = windows.length > 2 ? windows.slice(1, -1) : windows;
    return {
      loadStart: this.loadStartedAt() ?? 0,
      start: Number.isFinite(this.start) ? this.start : 0,
      end: Number.isFinite(this.end) ? this.end : 0,
      windowSeconds: this.windowSeconds,
      totalRequests: this.total,
      failedRequests: this.failed,
      avgRps: span ? this.total / span : 0,
      peakRps: full.reduce((m, w) => Math.max(m, w.rps), 0),
      endpoints: [...this.endpoints.values()]
        .map((e) => ({
          script: this.script,
          scenario: e.scenario,
          name: e.name,
          failed: e.failed,
          ...distOf(e.durations),
        }))
        .sort((a, b) => b.count - a.count),
      windows,
      errors: this.errors,
      checks: this.checks,
      e2e: Object.fromEntries(
        [...this.e2e.entries()].map(([k, v]) => [k, { ...distOf(v.durations), delivered: v.delivered, lost: v.lost }]),
      ),
      ...(this.warmupSeconds > 0
        ? {
            warmupSeconds: this.warmupSeconds,
            warmupRequests: this.warmupRequests,
            droppedAfterWarmup: this.dropped,
            windowed: this.windowed.finish(),
          }
        : {}),
    };
  }
}
