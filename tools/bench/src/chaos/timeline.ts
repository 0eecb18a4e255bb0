// The k6 chaos script's record of every answer (load-tests/lib/chaos.js), read back from the
// file k6 wrote its console to: `... msg="chaos <ms> <op> <status> <retry-after> <ms> <key> <id>"`.

export interface Answer {
  /** unix ms the answer (or the failure) came */
  at: number;
  op: string;
  /** 0: no answer (refused, reset, timed out) */
  status: number;
  retryAfter?: string;
  durationMs: number;
  /** the client's key of a write, the service's id of what it accepted */
  key?: string;
  id?: string;
}

const LINE = /chaos (\d+) ([^\s"]+) (\d+) ([^\s"]+) (\d+) ([^\s"]+) ([^\s"]+)/;

export function parseTimeline(text: string): Answer[] {
  const out: Answer[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const opt = (v: string) => (v === '-' ? undefined : v);
    out.push({
      at: Number(m[1]),
      op: m[2],
      status: Number(m[3]),
      retryAfter: opt(m[4]),
      durationMs: Number(m[5]),
      key: opt(m[6]),
      id: opt(m[7]),
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

export const isSuccess = (a: Answer) => a.status >= 200 && a.status < 300;
/** A 5xx a client can act on: 503 with Retry-After (a dependency is down, try again later). */
export const isHonest5xx = (a: Answer) => a.status === 503 && a.retryAfter !== undefined;
export const isBare5xx = (a: Answer) => a.status >= 500 && !isHonest5xx(a);
