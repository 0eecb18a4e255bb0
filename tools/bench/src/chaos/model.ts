import { ChaosSchedule } from './config';
import { FaultRecord, HealthSample } from './faults-model';
import { LedgerRow } from './ledger';
import { FaultScenario } from './scenarios';
import { Judgement } from './verdict';

/** Everything a chaos run measured (chaos.json beside REPORT.md; the report is rendered from it). */
export interface ChaosRun {
  suite: string;
  schedule: { name: string } & ChaosSchedule;
  rateRps: number;
  load?: string;
  command: string;
  commit: string;
  machine: string;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  startedAt: number;
  loadStartedAt: number;
  loadEndedAt: number;
  stack: string[];
  services: string[];
  answers: { total: number; byOp: Record<string, Record<string, number>> };
  faults: FaultRecord[];
  health: HealthSample[];
  scenarios: FaultScenario[];
  ledger: {
    stored: string;
    effect: string;
    rows: LedgerRow[];
    storedWithoutAccept: number;
    waitedSeconds: number;
    settled: boolean;
  };
  judgements: Judgement[];
  pass: boolean;
  notes: string[];
}
