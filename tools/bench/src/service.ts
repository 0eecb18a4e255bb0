import { spawn, ChildProcess } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

// Start the suite's service when nothing answers on its port; stop it after (only what we
// started, by pid).

export async function healthy(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function waitHealthy(url: string, timeoutMs: number, child?: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    if (await healthy(url)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

export interface StartedService {
  startedByBench: boolean;
  pid?: number;
  stop(): Promise<void>;
}

export async function ensureService(opts: {
  name: string;
  entry: string; // repo-relative .ts entry
  /** checkout to run from (compare runs a git worktree); default this repository */
  root?: string;
  port: number;
  env: Record<string, string>;
  logFile: string;
  log: (s: string) => void;
}): Promise<StartedService> {
  const health = `http://127.0.0.1:${opts.port}/health`;
  if (await healthy(health)) return { startedByBench: false, stop: async () => undefined };
  const root = opts.root ?? REPO_ROOT;
  const entry = join(root, opts.entry);
  if (!existsSync(entry)) throw new Error(`${opts.name}: nothing answers ${health} and ${opts.entry} does not exist`);
  opts.log(`${opts.name}: not running — starting ${opts.entry}`);
  const out = openSync(opts.logFile, 'a');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: root,
    env: { ...process.env, ...opts.env, PORT: String(opts.port) },
    stdio: ['ignore', out, out],
  });
  const ok = await waitHealthy(health, 90_000, child);
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  if (!ok) {
    await stop();
    throw new Error(`${opts.name}: ${health} did not answer 200 within 90 s (log: ${opts.logFile})`);
  }
  return { startedByBench: true, pid: child.pid, stop };
}
