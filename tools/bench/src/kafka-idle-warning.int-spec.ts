import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testEnv } from '@perflab/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths';
import { nodeFor } from './runtime';

// kafkajs 2.2.4 re-arms a 1 ms timer on every broker connection with a negative delay; Node 24
// prints "TimeoutNegativeWarning" for it, which showed in bench output (the bare baselines'
// logs, the chaos ledger). Each Kafka client the bench and its baselines run under Node must
// carry @perflab/messaging's guard. Checked in a child process per client on the pinned Node
// (a warning prints once per process) against the stack's Kafka, with a bare kafkajs client as
// the control that shows the check can see the warning at all.

const dir = mkdtempSync(join(tmpdir(), 'bench-kafka-warning-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const brokers = testEnv.kafkaBrokers;

/** stderr of a Node child running `body` (TypeScript, repo-absolute imports), cwd the repo. */
async function stderrOf(name: string, body: string): Promise<string> {
  const file = join(dir, `${name}.ts`);
  writeFileSync(
    file,
    `${body}\nvoid main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });\n`,
  );
  const { stderr } = await promisify(execFile)(nodeFor(REPO_ROOT), ['-r', '@swc-node/register', file], {
    cwd: REPO_ROOT,
    env: { ...process.env, KAFKA_BROKERS: brokers.join(',') },
    timeout: 45_000,
  });
  return stderr;
}

/** Connect, let the connection idle a moment (the re-check fires within 1 ms), disconnect. */
const producerRound = (kafka: string) => `
async function main() {
  const producer = ${kafka}.producer();
  await producer.connect();
  await new Promise((r) => setTimeout(r, 300));
  await producer.disconnect();
}`;

describe('no TimeoutNegativeWarning from the Kafka clients the bench runs', () => {
  it('control: a bare kafkajs client prints it on this Node', async () => {
    const stderr = await stderrOf(
      'bare',
      `import { Kafka, logLevel } from '${require.resolve('kafkajs')}';
const kafka = new Kafka({ clientId: 'warning-control', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
${producerRound('kafka')}`,
    );
    expect(stderr).toContain('TimeoutNegativeWarning');
  });

  it('the bare baselines’ client (load-tests/baselines/_bare.ts) does not', async () => {
    const stderr = await stderrOf(
      'baseline',
      `import { kafka } from '${join(REPO_ROOT, 'load-tests', 'baselines', '_bare')}';
${producerRound('kafka')}`,
    );
    expect(stderr).not.toContain('TimeoutNegativeWarning');
  });

  it('the chaos ledger’s topic reader does not', async () => {
    const stderr = await stderrOf(
      'ledger',
      `import { readTopics } from '${join(REPO_ROOT, 'tools', 'bench', 'src', 'chaos', 'ledgers', 'read-topics')}';
async function main() {
  const ctx = { runId: 'warning-check', databaseUrl: '', redisUrl: '', kafkaBrokers: process.env.KAFKA_BROKERS!.split(','), log: () => undefined };
  await readTopics(ctx, ['bench.warning-check.no-such-topic'], () => undefined);
}`,
    );
    expect(stderr).not.toContain('TimeoutNegativeWarning');
  });

  it('every other kafkajs client the bench or a baseline makes carries the guard too (ingestion.ts serves on import)', () => {
    const files = [join(REPO_ROOT, 'load-tests', 'baselines'), join(REPO_ROOT, 'tools', 'bench', 'src')].flatMap((d) =>
      readdirSync(d, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !/spec\.ts$/.test(f))
        .map((f) => join(d, f)),
    );
    const bare = files.filter((f) => /new Kafka\(/.test(readFileSync(f, 'utf8')));
    expect(bare.length).toBeGreaterThan(0);
    for (const f of bare) expect(readFileSync(f, 'utf8'), f).toContain('request-queue-idle-fix');
  });
});
