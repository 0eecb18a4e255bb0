import { spawn, ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// k6 for a chaos run: the script's console (one line per answer) goes to a file the bench
// reads back; the bench ends the load with SIGINT when its fault schedule is done.

export interface ChaosK6 {
  child: ChildProcess;
  consoleFile: string;
  exited: Promise<number>;
  /** the end of k6's own stderr (why it failed) */
  stderrTail(): string;
}

export function startK6(k6Bin: string, script: string, dir: string, env: Record<string, string>): ChaosK6 {
  const consoleFile = join(dir, 'chaos.console.log');
  const child = spawn(
    k6Bin,
    [
      'run',
      '--no-color',
      '--quiet',
      '--console-output',
      consoleFile,
      '--summary-export',
      join(dir, 'chaos.summary.json'),
      script,
    ],
    { env: { ...process.env, ...env, K6_NO_USAGE_REPORT: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  return { child, consoleFile, exited, stderrTail: () => stderr };
}

/** Resolves with the time of the first answer (setup() is over, the load has begun). */
export async function firstAnswer(k6: ChaosK6, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  let done = false;
  void k6.exited.then(() => (done = true));
  while (Date.now() - started < timeoutMs) {
    if (existsSync(k6.consoleFile) && /chaos \d+ /.test(readFileSync(k6.consoleFile, 'utf8'))) return Date.now();
    if (done) {
      throw new Error(`k6 ended before its first request:\n${k6.stderrTail()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`k6 made no request within ${timeoutMs / 1000} s (setup() still running?)`);
}

/** SIGINT: k6 stops starting iterations, lets running ones finish, writes its summary. */
export async function stopK6(k6: ChaosK6): Promise<number> {
  if (k6.child.exitCode === null && k6.child.signalCode === null) k6.child.kill('SIGINT');
  const timer = setTimeout(() => k6.child.kill('SIGKILL'), 30_000);
  const code = await k6.exited;
  clearTimeout(timer);
  return code;
}
