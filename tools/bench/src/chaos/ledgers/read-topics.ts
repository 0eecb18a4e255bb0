import type { KafkaMessage } from 'kafkajs';
import { createKafka } from '@perflab/messaging';
import type { LedgerContext } from '../ledger';

/**
 * Reads the given topics of the bench's own broker from the beginning to their current end
 * (they are small: the chaos stack's, or per run), handing every message to `onMessage`.
 * Topics that do not exist yet are skipped: nothing was published to them.
 */
export async function readTopics(
  ctx: LedgerContext,
  topics: string[],
  onMessage: (topic: string, message: KafkaMessage) => void,
): Promise<void> {
  // The messaging lib's factory: its client carries the guard against kafkajs's idle 1 ms
  // re-check loop (a negative setTimeout: Node 24's TimeoutNegativeWarning in bench output).
  const kafka = createKafka({
    clientId: 'perflab-bench-chaos-ledger',
    brokers: ctx.kafkaBrokers,
    logLevel: 'nothing',
    connectionTimeoutMs: 3000,
  }).native;
  const admin = kafka.admin();
  await admin.connect();
  // topic → partition → offset one past its last message
  const ends = new Map<string, Map<number, number>>();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics.filter((t) => existing.has(t)))
      ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)])));
  } finally {
    await admin.disconnect();
  }
  const pending = new Set(
    [...ends].flatMap(([topic, partitions]) =>
      [...partitions].filter(([, high]) => high > 0).map(([partition]) => `${topic}/${partition}`),
    ),
  );
  if (!pending.size) return;
  const consumer = kafka.consumer({ groupId: `bench-chaos-ledger-${ctx.runId}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...ends.keys()], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${[...ends.keys()].join(', ')}: not read to the end within 60 s`)),
        60_000,
      );
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) onMessage(batch.topic, m);
          const end = ends.get(batch.topic)?.get(batch.partition) ?? 0;
          if (Number(batch.lastOffset()) + 1 >= end) pending.delete(`${batch.topic}/${batch.partition}`);
          if (!pending.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}
