import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { testEnv, uniqueName } from '@perflab/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The 002 guide's Kafka lines through the stack's wrapper of Kafka's own tools
// (infra/stack/kafka-cli.sh), against the running broker. The first run may fetch the
// tools' jars from Maven Central (~20 s), hence the long timeouts.

const STACK = resolve(__dirname, '../../../infra/stack/stack.sh');
const run = promisify(execFile);
const stack = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  run('bash', [STACK, ...args], { env, timeout: 120_000 });

describe('stack.sh kafka-topics / kafka-consumer-groups', () => {
  const broker = testEnv.kafkaBrokers[0];
  const topic = uniqueName('stack-cli');
  const group = uniqueName('stack-cli-group');
  const kafka = new Kafka({ clientId: 'stack-cli-test', brokers: testEnv.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    const { stdout } = await stack(['kafka-topics', '--create', '--topic', topic, '--partitions', '2']);
    expect(stdout).toContain(`Created topic ${topic}.`);
  }, 180_000);
  afterAll(async () => {
    await admin.deleteGroups([group]).catch(() => undefined);
    await stack(['kafka-topics', '--delete', '--topic', topic]).catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

  it('lists the topics, the guide’s `kafka-topics --list`, on the stack’s broker by default', async () => {
    const { stdout } = await stack(['kafka-topics', '--list']);
    expect(stdout.split('\n')).toContain(topic);
  }, 60_000);

  it('describes a group’s offsets and lag per partition, as the guide’s `--describe --group` shows', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [0, 1, 2].map((i) => ({ partition: 0, value: `m${i}` })) });
    await producer.disconnect();
    // The group has read one of the three: lag 2 on partition 0.
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }] });

    const { stdout } = await stack([
      'kafka-consumer-groups',
      '--bootstrap-server',
      broker,
      '--describe',
      '--group',
      group,
    ]);
    const lines = stdout.split('\n').map((line) => line.trim().split(/\s+/));
    expect(lines).toContainEqual(expect.arrayContaining(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LAG']));
    expect(lines).toContainEqual([group, topic, '0', '1', '3', '2', '-', '-', '-']);
  }, 60_000);

  it('says the broker is not running instead of retrying for a minute', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'perflab-stack-'));
    try {
      const attempt = stack(['kafka-topics', '--list'], { ...process.env, STACK_DIR: empty });
      await expect(attempt).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('kafka is not running'),
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
