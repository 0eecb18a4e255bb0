// Minimal Prometheus HTTP API client (query and query_range), fetch only.

export type Sample = [number, number]; // unix seconds, value

export interface RangeSeries {
  labels: Record<string, string>;
  values: Sample[];
}

interface ApiResponse {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; values?: [number, string][]; value?: [number, string] }[];
  };
}

export class PrometheusClient {
  constructor(private readonly baseUrl: string) {}

  private async get(path: string, params: Record<string, string>): Promise<ApiResponse> {
    const url = `${this.baseUrl}${path}?${new URLSearchParams(params)}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as ApiResponse;
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
    return body;
  }

  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.baseUrl}/-/healthy`, { signal: AbortSignal.timeout(3000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  async queryRange(query: string, start: number, end: number, step = 5): Promise<RangeSeries[]> {
    const body = await this.get('/api/v1/query_range', {
      query,
      start: String(start),
      end: String(end),
      step: `${step}s`,
    });
    return (body.data?.result ?? []).map((r) => ({
      labels: r.metric,
      values: (r.values ?? []).map(([t, v]) => [t, Number(v)] as Sample).filter(([, v]) => Number.isFinite(v)),
    }));
  }

  async query(query: string, time?: number): Promise<{ labels: Record<string, string>; value: number }[]> {
    const body = await this.get('/api/v1/query', time ? { query, time: String(time) } : { query });
    return (body.data?.result ?? []).map((r) => ({ labels: r.metric, value: Number(r.value?.[1]) }));
  }

  /** Is this job scraped and up right now? */
  async targetUp(job: string): Promise<boolean> {
    const r = await this.query(`up{job="${job}"}`);
    return r.some((x) => x.value === 1);
  }
}
