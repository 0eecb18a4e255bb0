import { HealthSample } from './faults-model';

// /health asked every second through the run: does it say the truth while a dependency is down?

export function downChecks(body: unknown): string[] {
  const checks = (body as { checks?: Record<string, { status?: string }> } | null)?.checks ?? {};
  return Object.entries(checks)
    .filter(([, c]) => c?.status !== 'up')
    .map(([name]) => name);
}

export class HealthSampler {
  readonly samples: HealthSample[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly url: string) {}

  start(everyMs = 1000): this {
    this.timer = setInterval(() => void this.sample(), everyMs);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    const at = Date.now();
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(2000) });
      let body: unknown = null;
      try {
        body = await res.json();
      } catch {
        // a non-JSON answer names no check
      }
      this.samples.push({ at, status: res.status, down: downChecks(body) });
    } catch {
      this.samples.push({ at, status: 0, down: [] });
    }
  }
}
