import { operationKey, operationStats, type Operation } from './baseline';
import { RunData } from './report/model';
import { ms, NM, rate, table } from './report/cells';
import { describeRounds, MedianPair, medianPair } from './compare-median';

// A compare per operation (k6 script, scenario and request): the whole-run rows say whether B
// is better; these say where — 003's switches help some reports and not others.

/** Under this many requests a round (median), an operation's change is shown, not gated: noise. */
export const MIN_GATED_REQUESTS = 100;

export interface OperationCompareRow {
  /** the scenario, with its script when two scripts share the scenario */
  operation: string;
  script: string;
  name: string;
  rps: MedianPair;
  p95: MedianPair;
  /** median requests per round, the smaller side */
  requests: number;
  regressed: boolean;
  /** why the row is not gated, when it is not */
  why?: string;
}

export function compareOperationRuns(a: RunData[], b: RunData[], maxRegression: number): OperationCompareRow[] {
  const statsA = a.map(operationStats);
  const statsB = b.map(operationStats);
  const all = new Map<string, Operation>();
  for (const m of [...statsA, ...statsB]) for (const [k, o] of m) if (!all.has(k)) all.set(k, o);
  const scriptsOf = (scenario: string) =>
    new Set([...all.values()].filter((o) => o.scenario === scenario).map((o) => o.script)).size;
  const rows = [...all.values()].map((op) => {
    const key = operationKey(op.script, op.scenario, op.name);
    // NaN for a round without the operation, so values stay indexed by round (medians skip NaN)
    const values = (runs: Map<string, Operation>[], get: (o: Operation) => number) =>
      runs.map((m) => m.get(key)).map((o) => (o ? get(o) : NaN));
    const rps = medianPair(
      values(statsA, (o) => o.rps),
      values(statsB, (o) => o.rps),
    );
    const p95 = medianPair(
      values(statsA, (o) => o.p95),
      values(statsB, (o) => o.p95),
    );
    const reqs = medianPair(
      values(statsA, (o) => o.requests),
      values(statsB, (o) => o.requests),
    );
    const requests = Math.min(reqs.a, reqs.b);
    const why = !Number.isFinite(requests)
      ? 'a side did not run it'
      : requests < MIN_GATED_REQUESTS
        ? `under ${MIN_GATED_REQUESTS} requests a round: shown, not gated`
        : undefined;
    const worse = p95.changePercent > maxRegression || rps.changePercent < -maxRegression;
    return {
      operation: scriptsOf(op.scenario) > 1 ? `${op.scenario} (${op.script}.js)` : op.scenario,
      script: op.script,
      name: op.name,
      rps,
      p95,
      requests,
      regressed: !why && worse,
      ...(why ? { why } : {}),
    };
  });
  return rows.sort(
    (x, y) =>
      x.operation.localeCompare(y.operation) || x.name.localeCompare(y.name) || x.script.localeCompare(y.script),
  );
}

const change = (p: MedianPair) =>
  Number.isFinite(p.changePercent)
    ? `${p.changePercent > 0 ? '+' : ''}${p.changePercent.toFixed(1)} %`
    : NM('a side has no value');
const spread = (s: [number, number], f: (v: number) => string) =>
  Number.isFinite(s[0]) ? (s[0] === s[1] ? f(s[0]) : `${f(s[0])}–${f(s[1])}`) : NM('no samples');

export function renderOperationCompare(rows: OperationCompareRow[], maxRegression: number): string {
  return [
    '## Per operation',
    '',
    `Each operation of each k6 script (an operation is matched within its own script): req/s over its script's span and p95, medians over the rounds, min–max beside them; "round by round" counts the rounds in which B's p95 was lower (or higher) than that round's A, which ran right before or after it. Gated like the totals (req/s and p95 may not be worse by more than ${maxRegression} %) when both sides served at least ${MIN_GATED_REQUESTS} of its requests a round.`,
    '',
    table(
      [
        'Operation',
        'Request',
        'Req/s A',
        'Req/s B',
        'Req/s change',
        'P95 A',
        'P95 B',
        'P95 change',
        'P95 of B, round by round',
        'P95 spread A',
        'P95 spread B',
        'Status',
      ],
      rows.length
        ? rows.map((r) => [
            r.operation,
            r.name,
            rate(r.rps.a, 'not run on this side'),
            rate(r.rps.b, 'not run on this side'),
            change(r.rps),
            ms(r.p95.a, 'not run on this side'),
            ms(r.p95.b, 'not run on this side'),
            change(r.p95),
            describeRounds(r.p95.rounds),
            spread(r.p95.spreadA, (v) => ms(v)),
            spread(r.p95.spreadB, (v) => ms(v)),
            r.regressed ? 'REGRESSED' : r.why ? `n/a (${r.why})` : 'ok',
          ])
        : [
            [
              'all',
              'none',
              NM('no operation in either side'),
              NM('as before'),
              NM('as before'),
              NM('as before'),
              NM('as before'),
              NM('as before'),
              NM('as before'),
              NM('as before'),
              NM('as before'),
              'n/a (no samples)',
            ],
          ],
    ),
    '',
  ].join('\n');
}
