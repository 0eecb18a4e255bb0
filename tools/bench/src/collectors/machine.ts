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

function sh(cmd: string, args: string[], cwd = REPO_ROOT): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * `serviceNode`: the binary the suite's service runs on, when not the bench's own. `codeRoot`: the
 * checkout the service runs from (a compare's worktree), whose commit the git fields name: the bench's
 * own HEAD is not what ran in a compare's rounds.
 */
export function machineInfo(k6Bin: string, serviceNode?: string, codeRoot = REPO_ROOT): MachineInfo {
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
    gitCommit: sh('git', ['rev-parse', '--short', 'HEAD'], codeRoot),
    gitDirty: sh('git', ['status', '--porcelain'], codeRoot).length > 0,
    gitBranch: sh('git', ['rev-parse', '--abbrev-ref', 'HEAD'], codeRoot),
  };
}
