import { execFileSync } from 'node:child_process';
import { nodeVersion } from '../runtime';
import { cpus, totalmem, freemem, loadavg, release, hostname } from 'node:os';
import { REPO_ROOT } from '../paths';
import type { CpuIdle } from './cpu-idle';
import type { QuietWaitRecord } from './wait-for-quiet';

// What the numbers were measured on: a report without it cannot be compared.

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  freeMemoryBytes: number;
  loadAvg: number[];
  /** CPU idle over the seconds right before the first script started (the "quiet" check) */
  idleBefore?: CpuIdle;
  /** the bounded wait for a quiet CPU that idleBefore ended (--quiet-wait; compare, variant, repeat rounds, --baseline's half) */
  quietWait?: QuietWaitRecord;
  kernel: string;
  host: string;
  node: string;
  k6: string;
  gitCommit: string;
  gitDirty: boolean;
  gitBranch: string;
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** `serviceNode`: the binary the suite's service runs on, when not the bench's own. */
export function machineInfo(k6Bin: string, serviceNode?: string): MachineInfo {
  const c = cpus();
  return {
    cpuModel: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    loadAvg: loadavg(),
    kernel: release(),
    host: hostname(),
    node: serviceNode ? nodeVersion(serviceNode) : process.version,
    k6: sh(k6Bin, ['version']).split('\n')[0],
    gitCommit: sh('git', ['rev-parse', '--short', 'HEAD']),
    gitDirty: sh('git', ['status', '--porcelain']).length > 0,
    gitBranch: sh('git', ['rev-parse', '--abbrev-ref', 'HEAD']),
  };
}
