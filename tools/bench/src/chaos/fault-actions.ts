import { workerPids } from '../collectors/service-workers';
import { ChaosStack } from './chaos-stack';
import { Dependency, FaultSpec } from './config';
import { FaultRecord } from './faults-model';

// Doing a fault for real: SIGKILL one cluster worker (the primary forks a new one), or stop a
// dependency of the bench's own stack for down_s and start it again.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long the primary gets to fork a replacement before the fault is called over anyway. */
const RESPAWN_WAIT_MS = 30_000;

export async function killWorker(primary: number | undefined): Promise<Omit<FaultRecord, 'phaseEnd'>> {
  const startedAt = Date.now();
  if (primary === undefined) throw new Error('chaos: worker-kill needs the service the bench started (its pid)');
  const before = workerPids(primary);
  const victim = before[0];
  if (victim === undefined)
    return { fault: 'worker-kill', startedAt, endedAt: startedAt, detail: 'no cluster worker to kill (WORKERS=1?)' };
  process.kill(victim, 'SIGKILL');
  while (Date.now() - startedAt < RESPAWN_WAIT_MS) {
    const fresh = workerPids(primary).filter((p) => !before.includes(p));
    if (fresh.length) {
      const endedAt = Date.now();
      return {
        fault: 'worker-kill',
        startedAt,
        endedAt,
        detail: `SIGKILL worker ${victim} of ${before.length}; the primary forked ${fresh[0]} ${((endedAt - startedAt) / 1000).toFixed(1)} s later`,
      };
    }
    await sleep(100);
  }
  const endedAt = Date.now();
  return {
    fault: 'worker-kill',
    startedAt,
    endedAt,
    detail: `SIGKILL worker ${victim}; **no new worker within ${RESPAWN_WAIT_MS / 1000} s**`,
  };
}

export async function stopDependency(
  stack: ChaosStack,
  dep: Dependency,
  downSeconds: number,
): Promise<Omit<FaultRecord, 'phaseEnd'>> {
  const startedAt = Date.now();
  await stack.down([dep]);
  const stoppedAt = Date.now();
  await sleep(Math.max(0, downSeconds * 1000 - (stoppedAt - startedAt)));
  const startAt = Date.now();
  await stack.up([dep]);
  const endedAt = Date.now();
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return {
    fault: dep,
    startedAt,
    endedAt,
    detail: `stopped in ${s(stoppedAt - startedAt)}, down ${s(startAt - startedAt)}, answering ${s(endedAt - startAt)} after its start`,
  };
}

export function runFault(stack: ChaosStack, f: FaultSpec, primary: number | undefined) {
  return f.fault === 'worker-kill' ? killWorker(primary) : stopDependency(stack, f.fault, f.down_s ?? 10);
}
