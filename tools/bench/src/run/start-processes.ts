import { join } from 'node:path';
import { countServiceInstances } from '../collectors/service-workers';
import { ensureService, StartedService } from '../service';
import { describeProcess, planProcesses } from '../service-processes';
import { SuiteDef } from '../suites';
import { TargetsFile } from '../targets/targets';

// The suite's own service as the processes planned for it (one, or one per role), started in
// order and stopped together. The first serves the suite's port; when it was already running
// (not started by the bench) the rest are left alone too: the run uses what is there.

export async function startServiceProcesses(o: {
  suite: SuiteDef;
  targets: TargetsFile;
  env: Record<string, string>;
  dir: string;
  log: (s: string) => void;
}): Promise<StartedService> {
  const { suite } = o;
  const plan =
    suite.kind === 'service'
      ? planProcesses(suite.name, { port: suite.port, roles: o.targets.suites[suite.targetsSuite]?.roles })
      : [{ name: suite.name, port: suite.port, env: {} }];
  const started: StartedService[] = [];
  try {
    for (const p of plan) {
      const svc = await ensureService({
        name: p.name,
        entry: suite.entry,
        root: suite.root,
        node: suite.node,
        port: p.port,
        env: { ...o.env, ...p.env },
        logFile: join(o.dir, p.role ? `service-${p.role}.log` : 'service.log'),
        log: o.log,
      });
      started.push(svc);
      if (!svc.startedByBench) break;
    }
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    throw err;
  }
  const [first] = started;
  const describe = () =>
    started.map((s, i) => {
      const counted = s.pid === undefined ? undefined : countServiceInstances(s.pid);
      const workers = counted?.count === null || counted === undefined ? null : counted.cluster ? counted.count : 0;
      return s.startedByBench
        ? describeProcess(plan[i], { pid: s.pid, from: s.from, workers })
        : `${plan[i].name}: already running on port ${plan[i].port} (not started by the bench)`;
    });
  const names = started.flatMap((s, i) => (s.pid === undefined ? [] : [plan[i].name]));
  if (started.length === 1) return { ...first, names, describe };
  return {
    startedByBench: first.startedByBench,
    pid: first.pid,
    from: first.from,
    pids: started.flatMap((s) => (s.pid === undefined ? [] : [s.pid])),
    names,
    describe,
    stop: async () => {
      for (const s of started) await s.stop();
    },
  };
}
