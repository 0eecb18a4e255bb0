import { withFileLimit } from './file-limit';
import { spawn, ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import { serviceCode } from './service-code';

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

/** Resolves true once `url` answers 200, false at the deadline or as soon as `child` exits. */
export async function waitHealthy(url: string, timeoutMs: number, child?: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let exited = child ? child.exitCode !== null || child.signalCode !== null : false;
  let wake = () => {};
  const onExit = () => ((exited = true), wake());
  child?.once('exit', onExit);
  try {
    while (!exited && Date.now() < deadline) {
      if (await healthy(url)) return true;
      await new Promise<void>((r) => ((wake = r), setTimeout(r, 250)));
    }
    return false;
  } finally {
    child?.off('exit', onExit);
  }
}

/** The last `n` lines of a log file ('' when it is missing or empty). */
export function logTail(file: string, n = 30): string {
  if (!existsSync(file)) return '';
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines.slice(-n).join('\n');
}

export interface StartedService {
  startedByBench: boolean;
  pid?: number;
  /** what it ran from (compiled JavaScript or TypeScript), when the bench started it */
  from?: string;
  /** a service run as several processes (roles): every one's pid, the first is `pid` */
  pids?: number[];
  /** the processes' names in the report (the suite's, or <suite>-<role>), in the order of `pids` */
  names?: string[];
  /** a line per process for the report, counted when called (cluster workers while it runs) */
  describe?: () => string[];
  stop(): Promise<void>;
}

/** Health-check timeout of a service the bench starts (a cold start on 2 busy cores takes ~20 s). */
export const START_TIMEOUT_MS = 90_000;

export async function ensureService(opts: {
  name: string;
  entry: string; // repo-relative .ts entry
  /** checkout to run from (compare runs a git worktree); default this repository */
  root?: string;
  /** Node.js binary to run it on (compare: the side's runtime); default the bench's own */
  node?: string;
  port: number;
  env: Record<string, string>;
  logFile: string;
  log: (s: string) => void;
  /** default START_TIMEOUT_MS */
  timeoutMs?: number;
}): Promise<StartedService> {
  const health = `http://127.0.0.1:${opts.port}/health`;
  if (await healthy(health)) return { startedByBench: false, stop: async () => undefined };
  const root = opts.root ?? REPO_ROOT;
  const entry = join(root, opts.entry);
  if (!existsSync(entry)) throw new Error(`${opts.name}: nothing answers ${health} and ${opts.entry} does not exist`);
  const node = opts.node ?? process.execPath;
  const code = serviceCode({ name: opts.name, root, entry: opts.entry, node, log: opts.log });
  opts.log(`${opts.name}: not running — starting ${opts.entry} from ${code.from}`);
  const started = Date.now();
  const out = openSync(opts.logFile, 'a');
  const child = spawn(...withFileLimit(node, code.args), {
    cwd: root,
    env: { ...process.env, ...opts.env, PORT: String(opts.port) },
    stdio: ['ignore', out, out],
  });
  closeSync(out); // the child has its own copy
  const timeoutMs = opts.timeoutMs ?? START_TIMEOUT_MS;
  const ok = await waitHealthy(health, timeoutMs, child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  if (!ok) {
    const exited = child.exitCode !== null || child.signalCode !== null;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    await stop();
    const why = exited
      ? `exited while starting (${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode}) after ${seconds} s`
      : `${health} did not answer 200 within ${timeoutMs / 1000} s`;
    const tail = logTail(opts.logFile);
    throw new Error(
      `${opts.name}: ${why}; log: ${opts.logFile}${tail ? `\n--- last lines of its log ---\n${tail}\n---` : ' (empty)'}`,
    );
  }
  return { startedByBench: true, pid: child.pid, from: code.from, stop };
}
