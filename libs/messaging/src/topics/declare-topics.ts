import { deadLetterTopicOf, type EventContract } from '@perflab/contracts';
import type { KafkaClient } from '../client/kafka-client';

export interface DeclareTopicsOptions {
  /** Also declare each `<topic>.dlt`, with the same partition count (default true). */
  deadLetter?: boolean;
  replicationFactor?: number;
}

/**
 * Creates the topics of the events a service *produces*, with the partition count their
 * contracts give, idempotently: missing topics are created, existing ones with fewer
 * partitions are grown (never shrunk — Kafka cannot). Consumers never call this; they wait
 * for the producer's topic (`waitForTopics`). Broker auto-create is off, so a typo fails
 * loudly instead of creating a topic.
 */
export async function declareTopics(
  kafka: KafkaClient,
  events: EventContract[],
  options: DeclareTopicsOptions = {},
): Promise<void> {
  const replicationFactor = options.replicationFactor ?? 1;
  const wanted = new Map<string, number>();
  for (const event of events) {
    wanted.set(event.topic, event.partitions);
    if (options.deadLetter !== false) wanted.set(deadLetterTopicOf(event.topic), event.partitions);
  }
  const admin = await kafka.admin();
  const existing = new Set(await admin.listTopics());
  const missing = [...wanted].filter(([topic]) => !existing.has(topic));
  if (missing.length > 0) {
    // Another process may create the same topics at the same moment: "already exists" is fine.
    await admin.createTopics({
      // kafkajs's own leader wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a fresh
      // KRaft broker answers for a moment after creating a topic: wait here instead.
      waitForLeaders: false,
      topics: missing.map(([topic, numPartitions]) => ({ topic, numPartitions, replicationFactor })),
    });
    await waitForLeaders(
      kafka,
      missing.map(([topic]) => topic),
    );
  }
  const present = [...wanted.keys()].filter((topic) => existing.has(topic));
  if (present.length > 0) await growPartitions(kafka, present, wanted);
}

async function growPartitions(kafka: KafkaClient, topics: string[], wanted: Map<string, number>): Promise<void> {
  const admin = await kafka.admin();
  const { topics: meta } = await admin.fetchTopicMetadata({ topics });
  const grow = meta
    .map((t) => ({ topic: t.name, count: wanted.get(t.name)!, current: t.partitions.length }))
    .filter((t) => t.count > t.current);
  if (grow.length === 0) return;
  try {
    await admin.createPartitions({ topicPartitions: grow.map(({ topic, count }) => ({ topic, count })) });
  } catch (error) {
    // Two workers of the producer growing at once: the loser gets INVALID_PARTITIONS. Fine if
    // the count is now what we want.
    const now = await describeTopics(
      kafka,
      grow.map((t) => t.topic),
    );
    if (grow.some((t) => (now.get(t.topic) ?? 0) < t.count)) throw error;
  }
}

const TRANSIENT_METADATA_ERRORS = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/** Resolves once every partition of `topics` has a leader, so the first produce succeeds. */
async function waitForLeaders(kafka: KafkaClient, topics: string[], timeoutMs = 30_000): Promise<void> {
  const admin = await kafka.admin();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const ready = meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready && meta.length === topics.length) return;
    } catch (error) {
      if (!TRANSIENT_METADATA_ERRORS.has((error as { type?: string }).type ?? '')) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`Kafka topics have no leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Deletes topics (tests and tooling); topics that do not exist are ignored. */
export async function deleteTopics(kafka: KafkaClient, topics: string[]): Promise<void> {
  const admin = await kafka.admin();
  const existing = new Set(await admin.listTopics());
  const doomed = topics.filter((t) => existing.has(t));
  if (doomed.length === 0) return;
  await admin.deleteTopics({ topics: doomed });
  // The controller accepts the delete before the broker stops serving the partitions; until
  // then a produce can still succeed. Return once the broker's metadata no longer has them.
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await admin.fetchTopicMetadata({ topics: doomed });
    } catch (error) {
      if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return;
      throw error;
    }
    if (Date.now() > deadline) throw new Error(`Kafka still serves deleted topics: ${doomed.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The partition count of each topic, or undefined for topics that do not exist. */
export async function describeTopics(kafka: KafkaClient, topics: string[]): Promise<Map<string, number | undefined>> {
  const admin = await kafka.admin();
  const existing = new Set(await admin.listTopics());
  const found = topics.filter((t) => existing.has(t));
  const result = new Map<string, number | undefined>(topics.map((t) => [t, undefined]));
  if (found.length > 0) {
    const { topics: meta } = await admin.fetchTopicMetadata({ topics: found });
    for (const t of meta) result.set(t.name, t.partitions.length);
  }
  return result;
}
