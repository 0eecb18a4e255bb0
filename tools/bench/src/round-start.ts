import { QUIET_CHECK_SECONDS, type QuietWaitRecord } from './collectors/wait-for-quiet';
import { RunData } from './report/model';
import { isLowLoad, sharedCpu } from './report/verdicts';
import { finite, NM, table } from './report/cells';

// How each round of a compare, variant or repeat run, and each level of a levels walk, started:
// the previous round has just ended, so the 1-minute load average still shows it (issue 14:
// later rounds started at load 3–4). Each round waits, bounded by --quiet-wait, for a quiet CPU once its service is up
// (runSuite, machine.quietWait); the report says per round whether it got one, with the CPU
// idle and load average at its start.

export interface RoundStart {
  /** "A round 2", "run 3" */
  round: string;
  /** undefined: no wait (--quiet-wait 0) */
  wait?: QuietWaitRecord;
  /** CPU idle (0..1) over the seconds right before the load (the run's own quiet check), and how many */
  idleBefore?: number;
  idleSeconds?: number;
  /** 1-minute load average at the start */
  loadAvg1: number;
  /** quiet by the report's own check (CPU idle before the load; the load average in older runs) */
  quiet: boolean;
}

export function roundStart(round: string, run: RunData): RoundStart {
  const idle = run.machine.idleBefore;
  const wait = run.machine.quietWait;
  return {
    round,
    ...(wait ? { wait } : {}),
    ...(idle && finite(idle.idle) ? { idleBefore: idle.idle, idleSeconds: idle.seconds } : {}),
    loadAvg1: run.machine.loadAvg[0],
    quiet: !sharedCpu(run).shared,
  };
}

/** The wait's outcome in words: quiet after N s, or the bound ran out. */
export function describeWait(w: QuietWaitRecord | undefined): string {
  if (!w) return 'no wait (--quiet-wait 0)';
  const idle = `${finite(w.idle) ? `${(w.idle * 100).toFixed(0)} % idle` : 'idle not measured'}${loadText(w)}`;
  return w.quiet
    ? `quiet after ${w.waitedSeconds.toFixed(0)} s (${idle})`
    : `still busy: the ${w.maxWaitSeconds} s wait ran out (${idle}), started anyway`;
}

/** With --quiet-load: the 1-minute load average the wait ended on, against its bound. */
function loadText(w: QuietWaitRecord): string {
  if (w.maxLoadAvg === undefined || w.loadAvg1 === undefined) return '';
  const above = !isLowLoad(w.loadAvg1, w.maxLoadAvg);
  return `, load ${w.loadAvg1.toFixed(2)}${above ? ` above ${w.maxLoadAvg.toFixed(2)}` : ''}`;
}

export const idleCell = (s: RoundStart) =>
  finite(s.idleBefore)
    ? `${(s.idleBefore * 100).toFixed(0)} % over ${s.idleSeconds} s${s.quiet ? '' : ' (busy)'}`
    : NM('older run');

/** What the rows are: a compare's or repeat's rounds, or a levels walk's levels. */
export interface StartUnit {
  one: string;
  many: string;
}

export const ROUNDS: StartUnit = { one: 'round', many: 'rounds' };
export const LEVELS: StartUnit = { one: 'level', many: 'levels' };

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

/** "## How each round started" (or level): one row per round, in the order they ran. */
export function renderRoundStarts(starts: RoundStart[], unit: StartUnit = ROUNDS): string {
  const busy = starts.filter((s) => !s.quiet).map((s) => s.round);
  const quietLoad = starts.find((s) => s.wait?.maxLoadAvg !== undefined)?.wait?.maxLoadAvg;
  return [
    `## How each ${unit.one} started`,
    '',
    quietLoad === undefined
      ? `Before each ${unit.one} the bench waits (bounded by --quiet-wait) for a quiet CPU, at most a quarter of the cores busy over ${QUIET_CHECK_SECONDS} s, as the report's own quiet check judges it; the 1-minute load average still shows the previous ${unit.one}, so it is shown, not judged.`
      : `Before each ${unit.one} the bench waits (bounded by --quiet-wait) for a quiet CPU, at most a quarter of the cores busy over ${QUIET_CHECK_SECONDS} s, as the report's own quiet check judges it, and for the 1-minute load average to fall to ${quietLoad.toFixed(2)} (--quiet-load), so the previous ${unit.one}'s trace in it has decayed; a ${unit.one} whose wait ran out on either started busy.`,
    '',
    busy.length
      ? `**${busy.length} of ${starts.length} ${unit.many} started on a busy CPU** (${busy.join(', ')}): their numbers may carry other work; rerun when the machine is quiet before reading a small change.`
      : starts.length === 1
        ? `The ${unit.one} started on a quiet CPU.`
        : `All ${starts.length} ${unit.many} started on a quiet CPU.`,
    '',
    table(
      [capital(unit.one), 'Wait for a quiet CPU', 'CPU idle right before the load', 'Load avg (1 min) at start'],
      starts.length
        ? starts.map((s) => [
            s.round,
            describeWait(s.wait),
            idleCell(s),
            finite(s.loadAvg1) ? s.loadAvg1.toFixed(2) : NM('older run'),
          ])
        : [['none', NM(`no ${unit.one} ran`), NM(`no ${unit.one} ran`), NM(`no ${unit.one} ran`)]],
    ),
    '',
  ].join('\n');
}
