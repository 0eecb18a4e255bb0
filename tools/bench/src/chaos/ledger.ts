import { Answer, isSuccess } from './timeline';
import { FaultRecord } from './faults-model';
import { LEDGERS } from './ledgers';

// The ledger: every write a client was told was accepted is stored, takes effect once, and is
// not failed by an outage. The engine counts; each suite declares how its writes are found
// (tools/bench/src/chaos/ledgers/<suite>.ts), so a new suite adds a file, not engine code.

export interface AcceptedWrite {
  op: string;
  key: string;
  id?: string;
  acceptedAt: number;
}

/** What the service's data says about one write the client sent (accepted or not). */
export interface WriteFate {
  key: string;
  /** copies stored (more than 1: a duplicate create) */
  stored: number;
  /** times it took effect (delivered, published; more than 1: done twice) */
  effects: number;
  /** unix ms of its (first) effect, when the data says */
  effectedAt?: number;
  /** ended failed; byOutage unless the data says a provider itself rejected it */
  failed?: { byOutage: boolean; reason: string };
}

export interface LedgerContext {
  runId: string;
  databaseUrl: string;
  redisUrl: string;
  kafkaBrokers: string[];
  /** Everything the chaos script wrote to its console: for a ledger whose effect only the client sees (chat: deliveries to sockets). */
  consoleFile: string;
  log: (s: string) => void;
}

export interface SuiteLedger {
  /** k6 ops (load-tests/lib/chaos.js `record`) whose 2xx are writes to follow */
  writes: string[];
  /** words for the report */
  stored: string;
  effect: string;
  /** the fate of every write of this run the service's data knows about */
  fates(sent: AcceptedWrite[], ctx: LedgerContext): Promise<WriteFate[]>;
}

/** The ledger a suite declares in tools/bench/src/chaos/ledgers/ (listed in its index.ts). */
export function ledgerFor(suite: string): SuiteLedger {
  const found = LEDGERS[suite];
  if (!found)
    throw new Error(
      `chaos: suite "${suite}" declares no ledger (write tools/bench/src/chaos/ledgers/${suite}.ts and list it in ledgers/index.ts)`,
    );
  return found;
}

export function acceptedWrites(answers: Answer[], writes: string[]): AcceptedWrite[] {
  return answers
    .filter((a) => writes.includes(a.op) && isSuccess(a) && a.key)
    .map((a) => ({ op: a.op, key: a.key!, id: a.id, acceptedAt: a.at }));
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LedgerRow {
  /** "before the faults" or the fault's name */
  phase: string;
  accepted: number;
  stored: number;
  effected: number;
  /** accepted, not stored */
  lost: number;
  /** stored, neither effected nor failed when the ledger stopped waiting */
  notEffected: number;
  /** stored twice or effected twice */
  duplicates: number;
  failedByOutage: number;
  failedOther: number;
  /** accepted → effect, ms */
  e2e: LatencySummary | null;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summarize(values: number[]): LatencySummary | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
}

function row(phase: string, accepted: AcceptedWrite[], fates: Map<string, WriteFate>): LedgerRow {
  const r: LedgerRow = {
    phase,
    accepted: accepted.length,
    stored: 0,
    effected: 0,
    lost: 0,
    notEffected: 0,
    duplicates: 0,
    failedByOutage: 0,
    failedOther: 0,
    e2e: null,
  };
  const e2e: number[] = [];
  for (const w of accepted) {
    const f = fates.get(w.key);
    if (!f || f.stored === 0) {
      r.lost++;
      continue;
    }
    r.stored++;
    if (f.stored > 1 || f.effects > 1) r.duplicates++;
    if (f.effects > 0) {
      r.effected++;
      if (f.effectedAt !== undefined) e2e.push(Math.max(0, f.effectedAt - w.acceptedAt));
    } else if (f.failed) {
      if (f.failed.byOutage) r.failedByOutage++;
      else r.failedOther++;
    } else r.notEffected++;
  }
  r.e2e = summarize(e2e);
  return r;
}

/** One row per phase (before the faults, then each fault until the next), and the total. */
export function ledgerRows(accepted: AcceptedWrite[], fates: WriteFate[], faults: FaultRecord[]): LedgerRow[] {
  const byKey = new Map(fates.map((f) => [f.key, f]));
  const firstFault = faults[0]?.startedAt ?? Infinity;
  const rows = [
    row(
      'before the faults',
      accepted.filter((w) => w.acceptedAt < firstFault),
      byKey,
    ),
  ];
  faults.forEach((f, i) => {
    const end = faults[i + 1]?.startedAt ?? Infinity;
    rows.push(
      row(
        `${i + 1}. ${f.fault}`,
        accepted.filter((w) => w.acceptedAt >= f.startedAt && w.acceptedAt < end),
        byKey,
      ),
    );
  });
  rows.push(row('whole run', accepted, byKey));
  return rows;
}

/** Writes the service stored though the client never saw a 2xx (a timeout, a reset): a retry without an idempotency key would duplicate them. */
export function storedWithoutAccept(answers: Answer[], writes: string[], fates: WriteFate[]): number {
  const accepted = new Set(answers.filter((a) => writes.includes(a.op) && isSuccess(a)).map((a) => a.key));
  return fates.filter((f) => f.stored > 0 && !accepted.has(f.key)).length;
}

/**
 * True when every stored accepted write has an outcome (effected or failed), so waiting longer
 * changes nothing (an accepted write that is not stored was committed before the 2xx, or never).
 */
export function settled(accepted: AcceptedWrite[], fates: WriteFate[]): boolean {
  const byKey = new Map(fates.map((f) => [f.key, f]));
  return accepted.every((w) => {
    const f = byKey.get(w.key);
    return f === undefined || f.stored === 0 || f.effects > 0 || f.failed !== undefined;
  });
}
