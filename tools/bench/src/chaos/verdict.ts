import { describeBound, meets } from '../targets/targets';
import { ChaosBars } from './config';
import { LedgerRow } from './ledger';
import { FaultScenario } from './scenarios';
import { Answer, isBare5xx } from './timeline';

// PASS only if nothing accepted is lost, done twice or failed by an outage, no answer was a
// bare 5xx (a 503 with Retry-After during an outage is honest), and every fault was recovered
// from within the bar (001 §6.2: 30 s).

export interface Judgement {
  what: string;
  value: string;
  bar: string;
  pass: boolean;
}

export function judge(bars: ChaosBars, total: LedgerRow, scenarios: FaultScenario[], answers: Answer[]): Judgement[] {
  const count = (what: string, n: number, bar: ChaosBars[keyof ChaosBars]): Judgement => ({
    what,
    value: String(n),
    bar: describeBound(bar),
    pass: meets(n, bar),
  });
  const out = [
    count('accepted writes lost (not stored, or never effected)', total.lost + total.notEffected, bars.lost),
    count('accepted writes stored or effected twice', total.duplicates, bars.duplicates),
    count('accepted writes failed by an outage', total.failedByOutage, bars.failed_by_outage),
    count('bare 5xx answers (whole run)', answers.filter(isBare5xx).length, bars.bare_5xx),
  ];
  for (const s of scenarios)
    out.push({
      what: `recovery after ${s.fault} (s)`,
      value: s.recoverySeconds === null ? 'not recovered' : s.recoverySeconds.toFixed(1),
      bar: describeBound(bars.recovery_seconds),
      pass: s.recoverySeconds !== null && meets(s.recoverySeconds, bars.recovery_seconds),
    });
  if (total.accepted === 0) out.push({ what: 'writes accepted', value: '0', bar: '> 0', pass: false });
  return out;
}
