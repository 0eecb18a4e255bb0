import { execFileSync } from 'node:child_process';
import { STACK_SH, REPO_ROOT } from './paths';

// The native stack (infra/stack/stack.sh): brought up when a piece is not running, never
// stopped or reset by the bench — it is shared with everyone on this machine.

export interface StackEnv {
  DATABASE_URL: string;
  REDIS_URL: string;
  KAFKA_BROKERS: string;
  PROMETHEUS_URL: string;
  K6_BIN: string;
  [k: string]: string;
}

const run = (args: string[]) =>
  execFileSync('bash', [STACK_SH, ...args], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m && m[1] !== 'PATH') out[m[1]] = m[2].replace(/^"|"$/g, '');
  }
  return out;
}

/** Pieces `stack.sh up` has to install or start: a service not running, or k6 not installed. */
export function stackDown(statusText: string): string[] {
  return statusText
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(
      (f) =>
        (['postgres', 'redis', 'kafka', 'prometheus'].includes(f[0]) && f[1] !== 'running') ||
        (f[0] === 'k6' && f[1] !== 'installed'),
    )
    .map((f) => f[0]);
}

export function ensureStack(log: (s: string) => void): StackEnv {
  let status = '';
  try {
    status = run(['status']);
  } catch (err) {
    status = String((err as { stdout?: string }).stdout ?? '');
  }
  const down = stackDown(status);
  if (down.length) {
    log(`stack: ${down.join(', ')} not ready — bash infra/stack/stack.sh up`);
    // On the terminal: a first install takes minutes, and a failure prints the piece's log.
    try {
      execFileSync('bash', [STACK_SH, 'up'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
    } catch {
      throw new Error('stack: bash infra/stack/stack.sh up failed (its output is above)');
    }
  }
  return parseEnv(run(['env'])) as StackEnv;
}
