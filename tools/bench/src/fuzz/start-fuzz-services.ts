import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resetBenchDatabase } from '../bench-database';
import { resetBenchRedis } from '../bench-redis';
import { StartedService } from '../service';
import { startServiceProcesses } from '../run/start-processes';
import { serviceSuite } from '../suites';
import { REPO_ROOT } from '../paths';
import { serviceEnvFor } from '../service-env';
import { runSuiteSeed } from '../suite-seed';
import { TargetsFile } from '../targets/targets';
import { FuzzAccount, FUZZ_PROFILE, FuzzedService, fuzzEnv } from './fuzz-plan';

// The fuzzed services started by the bench's own modules: the bench database and Redis reset,
// each suite's seed, its smoke service env, and its processes (roles) on its targets.json port
// from the code the bench runs (ADR 0014), started and stopped by run/start-processes. Uses
// the bench's ports and database: hold the bench lock. A port something else already answers on is an error — the sweep tests what it
// started, on fresh data, never a service left running.

export interface FuzzServices {
  /** each fuzzed service's base URL, by name */
  bases: Record<string, string>;
  stop(): Promise<void>;
}

export async function startFuzzServices(o: {
  services: FuzzedService[];
  targets: TargetsFile;
  stackEnv: Record<string, string>;
  runId: string;
  admin: FuzzAccount;
  logLevel: string;
  outDir: string;
  log: (s: string) => void;
}): Promise<FuzzServices> {
  const data = {
    DATABASE_URL: await resetBenchDatabase(o.stackEnv.DATABASE_URL, REPO_ROOT, o.log),
    REDIS_URL: await resetBenchRedis(o.stackEnv.REDIS_URL, o.log),
  };
  const started: StartedService[] = [];
  const stop = async () => void (await Promise.all(started.map((s) => s.stop())));
  const bases: Record<string, string> = {};
  try {
    for (const { name } of o.services) {
      const suite = serviceSuite(name, o.targets);
      const env = {
        ...o.stackEnv,
        ...data,
        ...serviceEnvFor(name, FUZZ_PROFILE, undefined, { RUN_ID: o.runId }).env,
        ...fuzzEnv(name, o),
      };
      runSuiteSeed(name, env, o.log);
      const dir = join(o.outDir, name); // its logs beside its Schemathesis reports
      mkdirSync(dir, { recursive: true });
      const svc = await startServiceProcesses({
        suite,
        targets: o.targets,
        env,
        dir,
        log: o.log,
      });
      if (!svc.startedByBench) throw new Error(`${name}: port ${suite.port} is already in use (stop what runs there)`);
      started.push(svc);
      svc.describe?.().forEach((line) => o.log(`up: ${line}`));
      bases[name] = `http://127.0.0.1:${suite.port}`;
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { bases, stop };
}
