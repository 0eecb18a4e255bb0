import { LatencySummary } from './ledger';
import { ChaosRun } from './model';

// REPORT.md of a chaos run: the verdict first, then the failure scenarios (what clients saw
// per fault), the ledger (what became of every accepted write) and /health's answers.

const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const secs = (v: number | null, none = '—') => (v === null ? none : `${v.toFixed(1)} s`);
const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const e2e = (l: LatencySummary | null) => (l ? `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.max)} (${l.count})` : '—');
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');

export function statusList(statuses: Record<string, number>): string {
  const entries = Object.entries(statuses).sort(([a], [b]) => Number(a) - Number(b));
  return entries.length ? entries.map(([s, n]) => `${s === '0' ? 'no answer' : s} × ${n}`).join(', ') : 'none';
}

function healthCell(h: ChaosRun['scenarios'][number]['health']): string {
  if (!h.samples) return 'no sample (the fault was shorter than the grace given to /health)';
  const down = Object.entries(h.down)
    .map(([c, n]) => `${c} down × ${n}`)
    .join(', ');
  const truth = h.toldTheTruth === null ? '' : h.toldTheTruth ? ' — told the truth' : ' — **said ready while down**';
  return `${h.samples - h.ok} of ${h.samples} not ready${down ? ` (${down})` : ''}${truth}`;
}

export function renderChaosReport(r: ChaosRun): string {
  const out: string[] = [];
  out.push(`# ${r.suite} — chaos (${r.schedule.name} schedule): ${r.pass ? 'PASS' : 'FAIL'}`);
  out.push('');
  out.push(
    `${r.answers.total} answers at ${r.rateRps} req/s (open model${r.load ? `: ${r.load}` : ''}) from ${iso(r.loadStartedAt)} to ${iso(r.loadEndedAt)}, while ${r.faults.length} faults ran one after another with ${r.schedule.calm_s} s of calm after each. Verdict rules: nothing accepted lost, done twice or failed by an outage; no bare 5xx (a 503 with Retry-After during an outage is honest); recovery within the bar after every fault.`,
  );
  out.push('');
  out.push('## Verdict');
  out.push('');
  out.push(
    table(
      ['check', 'value', 'bar', 'result'],
      r.judgements.map((j) => [j.what, j.value, j.bar, j.pass ? 'pass' : '**FAIL**']),
    ),
  );
  out.push('');
  out.push('## Failure scenarios');
  out.push('');
  out.push(
    'Per fault, in order. Statuses: every answer from the fault’s start until the first streak of 2xx after it ended ("no answer": refused, reset or timed out after 10 s). First error: from the fault’s start. Recovery: from the fault’s end (the dependency answering again, or the new worker forked) to that streak. Effects resumed: from the fault’s end to the first effect (delivery, publication) after it; in brackets the longest stretch without any effect from the fault’s start to the next fault.',
  );
  out.push('');
  out.push(
    table(
      [
        'fault',
        'what happened',
        'statuses clients saw',
        'bare 5xx',
        '503 + Retry-After',
        'first error',
        'recovery',
        'effects resumed (longest pause)',
        '/health during the fault',
      ],
      r.scenarios.map((s) => [
        s.fault,
        s.detail,
        statusList(s.statuses),
        s.bare5xx,
        s.honest503,
        secs(s.firstErrorSeconds, 'none'),
        secs(s.recoverySeconds, '**not recovered**'),
        s.effects
          ? `${secs(s.effects.resumedSeconds, 'not before the next fault')} (${secs(s.effects.longestGapSeconds)})`
          : '—',
        healthCell(s.health),
      ]),
    ),
  );
  out.push('');
  out.push('## Ledger');
  out.push('');
  out.push(
    `Accepted: a 2xx the client saw. Stored: ${r.ledger.stored}. Effected: ${r.ledger.effect}. Lost: accepted, not stored. Not effected: stored, neither effected nor failed ${r.ledger.waitedSeconds.toFixed(0)} s after the load (${r.ledger.settled ? 'every write had settled' : '**still waiting when the ledger stopped**'}). Phases: a fault and the calm after it. End to end: accepted → effected, p50 / p95 / max (count).`,
  );
  out.push('');
  out.push(
    table(
      [
        'phase',
        'accepted',
        'stored',
        'effected',
        'lost',
        'not effected',
        'duplicates',
        'failed by outage',
        'failed otherwise',
        'end to end',
      ],
      r.ledger.rows.map((l) => [
        l.phase,
        l.accepted,
        l.stored,
        l.effected,
        l.lost,
        l.notEffected,
        l.duplicates,
        l.failedByOutage,
        l.failedOther,
        e2e(l.e2e),
      ]),
    ),
  );
  out.push('');
  out.push(
    `Stored although the client saw no 2xx (a timeout or a reset): ${r.ledger.storedWithoutAccept} — a client retrying those without an Idempotency-Key would create a duplicate.`,
  );
  out.push('');
  out.push('## Answers by operation');
  out.push('');
  out.push(
    table(
      ['operation', 'statuses'],
      Object.entries(r.answers.byOp).map(([op, st]) => [op, statusList(st)]),
    ),
  );
  out.push('');
  out.push('## Run');
  out.push('');
  const rows: [string, string][] = [
    ['command', `\`${r.command}\``],
    ['commit', r.commit],
    ['machine', r.machine],
    [
      'load average (1, 5, 15 min)',
      `start ${r.loadAvgStart.map((v) => v.toFixed(2)).join(', ')}; end ${r.loadAvgEnd.map((v) => v.toFixed(2)).join(', ')}`,
    ],
    [
      'schedule',
      `warm-up ${r.schedule.warmup_s} s, then ${r.schedule.faults.map((f) => (f.down_s ? `${f.fault} ${f.down_s} s` : f.fault)).join(', ')}; calm ${r.schedule.calm_s} s after each`,
    ],
    ['faults (UTC)', r.faults.map((f) => `${f.fault} ${iso(f.startedAt)} → ${iso(f.endedAt)}`).join('; ')],
    ['stack', r.stack.join('; ')],
    ['services', r.services.join('; ')],
    ['/health samples', `${r.health.length}, every second`],
  ];
  out.push(table(['what', 'value'], rows));
  if (r.notes.length) {
    out.push('');
    out.push('## Notes');
    out.push('');
    for (const n of r.notes) out.push(`- ${n}`);
  }
  out.push('');
  return out.join('\n');
}
