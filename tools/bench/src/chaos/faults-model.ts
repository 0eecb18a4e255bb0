import { FaultKind } from './config';

// What happened, as the run recorded it: each fault's real times, /health's answers.

export interface FaultRecord {
  fault: FaultKind;
  /** unix ms the fault began (stop issued, SIGKILL sent) */
  startedAt: number;
  /** unix ms it ended: the dependency answered again, or the primary had a new worker */
  endedAt: number;
  /** unix ms the next fault began (or the load ended): this fault's phase */
  phaseEnd: number;
  /** e.g. "killed worker 123; the primary forked 456 1.2 s later" */
  detail: string;
}

export interface HealthSample {
  at: number;
  /** 0: no answer */
  status: number;
  /** checks the body said were down */
  down: string[];
}
