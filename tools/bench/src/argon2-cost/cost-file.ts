import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_TESTS } from '../paths';
import type { Argon2Params } from './parameter-sets';

/** What `npm run argon2-cost` measured for one parameter set. */
export interface Argon2SetCost extends Argon2Params {
  name: string;
  hashes: number;
  /** CPU time (user + system) per hash, one hash at a time on one thread */
  cpuMsPerHash: number;
  wallMsPerHash: number;
  /** 1,000 / cpuMsPerHash */
  hashesPerSecondPerCore: number;
  /** per core × cores: the ceiling if every core hashed and did nothing else */
  ceilingHashesPerSecond: number;
  /** `cores` hashes at once on the thread pool for a while: what the cores (and memory bandwidth) really gave */
  measuredHashesPerSecond: number;
}

/** load-tests/auth/argon2-cost.json: one machine's measurement, read by the auth report. */
export interface Argon2CostFile {
  measuredAt: string;
  machine: {
    cpuModel: string;
    cores: number;
    node: string;
    loadAvg: number[];
    /** CPU idle over the seconds before the measurement: judge "quiet" by this, not the load average */
    idleBeforePercent: number;
  };
  sets: Argon2SetCost[];
}

export const ARGON2_COST_FILE = join(LOAD_TESTS, 'auth', 'argon2-cost.json');

/** The recorded measurement, or undefined when none was recorded on this checkout. */
export function readArgon2Cost(file = ARGON2_COST_FILE): Argon2CostFile | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Argon2CostFile) : undefined;
}

/** For the run data: auth's runs carry the recorded measurement, so run.json has what the report used. */
export function argon2CostOf(suite: string): { argon2Cost?: Argon2CostFile } {
  const cost = suite === 'auth' ? readArgon2Cost() : undefined;
  return cost ? { argon2Cost: cost } : {};
}
