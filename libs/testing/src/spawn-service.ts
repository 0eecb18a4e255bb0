import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** A port the OS just handed out, so parallel test files never collide. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface SpawnedService {
  child: ChildProcess;
  port: number;
  url: string;
  /** Parsed JSON log lines so far (stdout), in order. */
  lines: Record<string, unknown>[];
  /** Everything on stderr (should stay empty). */
  stderr: () => string;
  /** The last log lines and stderr, for an assertion message that explains a failure. */
  outputTail: (lineCount?: number) => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line (past or future) matching. */
  waitForLine: (
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ) => Promise<Record<string, unknown>>;
  stop: () => Promise<void>;
}

const builds = new Map<string, string>();

/** How long after its exit a child's output may still be arriving (an orphaned worker can hold the pipe). */
const OUTPUT_DRAIN_MS = 5_000;

/**
 * Resolves once the child has exited and its output has been read: 'exit' can come before the
 * last stdout chunks (a primary's final log line), so a test reading `lines` right after the
 * exit could miss them. Waits for both pipes to end, at most OUTPUT_DRAIN_MS after the exit.
 */
function exitedWithOutput(child: ChildProcess): SpawnedService['exited'] {
  const ended = (stream: NodeJS.ReadableStream | null) =>
    new Promise<void>((done) => (stream ? stream.once('close', done).once('end', done) : done()));
  const outputRead = Promise.all([ended(child.stdout), ended(child.stderr)]);
  return new Promise((done) =>
    child.once('exit', (code, signal) => {
      const bound = setTimeout(() => done({ code, signal }), OUTPUT_DRAIN_MS);
      void outputRead.then(() => (clearTimeout(bound), done({ code, signal })));
    }),
  );
}

/**
 * `node` arguments for an entry: its TypeScript through @swc-node/register (the dev loop),
 * or with PERFLAB_RUN_FROM=js its build (tools/build, as the bench and the image run it),
 * made once per test process into dist/test/ and removed when the process exits.
 */
function commandFor(file: string): string[] {
  if (process.env.PERFLAB_RUN_FROM !== 'js') return ['-r', '@swc-node/register', file];
  const entry = relative(WORKSPACE_ROOT, resolve(WORKSPACE_ROOT, file));
  let main = builds.get(entry);
  if (!main) {
    const out = join('dist', 'test', `${process.pid}-${builds.size}`);
    execFileSync(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/build/src/main.ts', '--entry', entry, '--out', out],
      {
        cwd: WORKSPACE_ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const dir = join(WORKSPACE_ROOT, out);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    main = join(out, entry.replace(/\.ts$/, '.js'));
    builds.set(entry, main);
  }
  return [main];
}

/**
 * Starts a service entry point as a real child process, the way production does
 * (`node -r @swc-node/register <entry>` from the workspace root, so the @perflab/*
 * aliases of tsconfig.base.json resolve; or its build, PERFLAB_RUN_FROM=js), with its own port.
 */
export async function spawnService(entry: string, env: Record<string, string> = {}): Promise<SpawnedService> {
  const port = await freePort();
  const child = spawn(process.execPath, commandFor(entry), {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    match: (line: Record<string, unknown>) => boolean;
    done: (line: Record<string, unknown>) => void;
  }[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text);
      } catch {
        line = { msg: text, unparsed: true };
      }
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done(line);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = exitedWithOutput(child);

  const outputTail = (lineCount = 40) =>
    `last ${lineCount} stdout lines:\n${lines
      .slice(-lineCount)
      .map((line) => JSON.stringify(line))
      .join('\n')}\nstderr (tail): ${stderr.slice(-4_000)}`;

  const waitForLine: SpawnedService['waitForLine'] = (match, timeoutMs = 20_000) => {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        fail(new Error(`no matching log line within ${timeoutMs} ms; ${outputTail(10)}`));
      }, timeoutMs);
      const waiter = {
        match,
        done: (line: Record<string, unknown>) => {
          clearTimeout(timer);
          done(line);
        },
      };
      waiters.push(waiter);
    });
  };

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    lines,
    stderr: () => stderr,
    outputTail,
    exited,
    waitForLine,
    stop,
  };
}
