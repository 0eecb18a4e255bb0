import { cpus } from 'node:os';
import { QUIET_CHECK_SECONDS } from './run-suite';
import { describeQuietWait, QuietWaitOptions, waitForQuiet } from './collectors/wait-for-quiet';
import { RunData } from './report/model';
import { sharedCpu } from './report/verdicts';
import { finite, NM, table } from './report/cells';

// How each round of a compare, variant or repeat run started: the previous round has just
// ended, so the 1-minute load average still shows it (issue 14: later rounds started at load
// 3–4). Each round waits, bounded by --quiet-wait, for a quiet CPU; the report says per round
// whether it got one, with the CPU idle and load average at its start.

/** The bounded wait before a round (or a --baseline half); undefined when --quiet-wait is 0. */
export async function waitBeforeRound(
  what: string,
  maxWaitSeconds: number,
  log: (s: string) => void,
  /** tests: a recorded /proc/stat and clock */
  machine: Pick<QuietWaitOptions, 'measure' | 'now' | 'cores'> = { cores: cpus().length },
): Promise<RoundWait | undefined> {
  if (!maxWaitSeconds) return undefined;
  const wait = await waitForQuiet({ ...machine, maxWaitSeconds, windowSeconds: QUIET_CHECK_SECONDS });
  const line = describeQuietWait(wait, maxWaitSeconds);
  log(`${what}: ${line}`);
  return { quiet: wait.quiet, waitedSeconds: wait.waitedSeconds, maxWaitSeconds, idle: wait.last.idle, line };
}

export interface RoundWait {
  /** false: the bound ran out and the round started anyway */
  quiet: boolean;
  waitedSeconds: number;
  maxWaitSeconds: number;
  /** CPU idle (0..1) over the wait's last window */
  idle: number;
  /** the line the bench printed */
  line: string;
}

export interface RoundStart {
  /** "A round 2", "run 3" */
  round: string;
  /** undefined: no wait (--quiet-wait 0) */
  wait?: RoundWait;
  /** CPU idle (0..1) over the seconds right before the load (the run's own quiet check), and how many */
  idleBefore?: number;
  idleSeconds?: number;
  /** 1-minute load average at the start */
  loadAvg1: number;
  /** quiet by the report's own check (CPU idle before the load; the load average in older runs) */
  quiet: boolean;
}

export function roundStart(round: string, run: RunData, wait?: RoundWait): RoundStart {
  const idle = run.machine.idleBefore;
  return {
    round,
    ...(wait ? { wait: { ...wait } } : {}),
    ...(idle && finite(idle.idle) ? { idleBefore: idle.idle, idleSeconds: idle.seconds } : {}),
    loadAvg1: run.machine.loadAvg[0],
    quiet: !sharedCpu(run).shared,
  };
}

/** The wait's outcome in words: quiet after N s, or the bound ran out. */
export function describeWait(w: RoundWait | undefined): string {
  if (!w) return 'no wait (--quiet-wait 0)';
  const idle = finite(w.idle) ? `${(w.idle * 100).toFixed(0)} % idle` : 'idle not measured';
  return w.quiet
    ? `quiet after ${w.waitedSeconds.toFixed(0)} s (${idle})`
    : `still busy: the ${w.maxWaitSeconds} s wait ran out (${idle}), started anyway`;
}

export const idleCell = (s: RoundStart) =>
  finite(s.idleBefore)
    ? `${(s.idleBefore * 100).toFixed(0)} % over ${s.idleSeconds} s${s.quiet ? '' : ' (busy)'}`
    : NM('older run');

/** "## How each round started": one row per round, in the order they ran. */
export function renderRoundStarts(starts: RoundStart[]): string {
  const busy = starts.filter((s) => !s.quiet).map((s) => s.round);
  return [
    '## How each round started',
    '',
    `Before each round the bench waits (bounded by --quiet-wait) for a quiet CPU, at most a quarter of the cores busy over ${QUIET_CHECK_SECONDS} s, as the report's own quiet check judges it; the 1-minute load average still shows the previous round, so it is shown, not judged.`,
    '',
    busy.length
      ? `**${busy.length} of ${starts.length} rounds started on a busy CPU** (${busy.join(', ')}): their numbers may carry other work; rerun when the machine is quiet before reading a small change.`
      : starts.length === 1
        ? 'The round started on a quiet CPU.'
        : `All ${starts.length} rounds started on a quiet CPU.`,
    '',
    table(
      ['Round', 'Wait for a quiet CPU', 'CPU idle right before the load', 'Load avg (1 min) at start'],
      starts.length
        ? starts.map((s) => [
            s.round,
            describeWait(s.wait),
            idleCell(s),
            finite(s.loadAvg1) ? s.loadAvg1.toFixed(2) : NM('older run'),
          ])
        : [['none', NM('no round ran'), NM('no round ran'), NM('no round ran')]],
    ),
    '',
  ].join('\n');
}
