import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// How many processes serve the suite, counted from the OS while it runs: a node:cluster
// primary forks its workers as child processes running the same executable, and a service
// with WORKERS=1 runs as one process with no children.

export type ServiceInstances =
  | {
      /** event loops: cluster workers, or 1 per process without a cluster */
      count: number;
      cluster: boolean;
      pid: number;
      /** processes the bench started (one per role), when more than one */
      processes?: number;
    }
  | { count: null; notMeasured: string };

function parentOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces): state, ppid, …
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function exeOf(pid: number | string): string | null {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

/** The cluster workers of a primary: its children running the same executable. */
export function workerPids(pid: number): number[] {
  const exe = exeOf(pid);
  return exe === null ? [] : clusterWorkers(pid, exe);
}

export function countServiceInstances(pid: number | undefined): ServiceInstances {
  if (pid === undefined)
    return { count: null, notMeasured: 'the service was not started by the bench, so its process is not known' };
  const exe = exeOf(pid);
  if (exe === null) return { count: null, notMeasured: `process ${pid} had exited when the workers were counted` };
  const workers = clusterWorkers(pid, exe).length;
  return workers ? { count: workers, cluster: true, pid } : { count: 1, cluster: false, pid };
}

/** A service run as several processes (one per role): their event loops summed; `pid` is the first's. */
export function countServiceProcesses(pids: number[]): ServiceInstances {
  if (pids.length <= 1) return countServiceInstances(pids[0]);
  const each = pids.map(countServiceInstances);
  const gone = each.find((c) => c.count === null);
  if (gone) return gone;
  const counted = each as Extract<ServiceInstances, { count: number }>[];
  return {
    count: counted.reduce((n, c) => n + c.count, 0),
    cluster: counted.some((c) => c.cluster),
    pid: pids[0],
    processes: pids.length,
  };
}

function clusterWorkers(pid: number, exe: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => parentOf(p) === pid && exeOf(p) === exe)
    .map(Number);
}

/** The processes that serve HTTP: a cluster's workers, or the process itself; [] once it exited. */
export function servingPids(pid: number): number[] {
  const exe = exeOf(pid);
  if (exe === null) return [];
  const workers = clusterWorkers(pid, exe);
  return workers.length ? workers : [pid];
}
