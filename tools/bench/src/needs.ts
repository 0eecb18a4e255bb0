import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureService, StartedService } from './service';
import { serviceEnvFor, redactEnv } from './service-env';
import { TargetsFile } from './targets/targets';

// Services a suite's k6 scripts call besides its own (targets.json "needs"), e.g.
// notifications logs in at auth in setup(). Started like the suite's service (with their own
// service[.<profile>].env) when nothing answers, stopped after.

export interface Needs {
  /** extra env for k6 (e.g. the admin account the bench created in the auth it started) */
  k6Env: Record<string, string>;
  /** one line per needed service, for the report */
  notes: string[];
  stop(): Promise<void>;
}

export async function startNeeds(o: {
  names: string[];
  targets: TargetsFile;
  profile: string;
  stackEnv: Record<string, string>;
  runId: string;
  dir: string;
  log: (s: string) => void;
  /** the checkout (and its Node.js) the suite's service runs from: its needs run from it too,
   *  so a compare side tests one version of the whole system, migrations included */
  root?: string;
  node?: string;
}): Promise<Needs> {
  const started: StartedService[] = [];
  const k6Env: Record<string, string> = {};
  const notes: string[] = [];
  try {
    for (const name of o.names) {
      const t = o.targets.suites[name];
      if (!t) throw new Error(`targets.json: needed suite "${name}" is not defined`);
      const { env, files } = serviceEnvFor(name, o.profile, undefined, { RUN_ID: o.runId });
      // An ADMIN of this run only (auth creates it at start-up, never changes an existing
      // account's password): setup() may then address many users, not just itself.
      const admin: Record<string, string> =
        name === 'auth'
          ? {
              ADMIN_EMAIL: `bench-admin-${o.runId}@perflab.test`,
              ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
            }
          : {};
      const svc = await ensureService({
        name,
        entry: join(t.app, 'src', 'main.ts'),
        root: o.root,
        node: o.node,
        port: t.port,
        env: { ...o.stackEnv, ...env, ...admin },
        logFile: join(o.dir, `${name}.service.log`),
        log: o.log,
      });
      started.push(svc);
      if (svc.startedByBench) {
        Object.assign(k6Env, admin);
        const shown = Object.entries(redactEnv({ ...env, ...admin })).map(([k, v]) => `${k}=${v}`);
        notes.push(
          `${name} (port ${t.port}): started by the bench from ${svc.from ?? 'its sources'}${files.length ? ` with ${files.join(' + ')}` : ''}${shown.length ? `: ${shown.join(', ')}` : ''}`,
        );
      } else {
        notes.push(
          `${name} (port ${t.port}): already running — used as it was started (its env was not set by the bench)`,
        );
      }
    }
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    throw err;
  }
  return { k6Env, notes, stop: async () => void (await Promise.all(started.map((s) => s.stop()))) };
}
