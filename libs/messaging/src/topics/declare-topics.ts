import { deadLetterTopicOf, type EventContract } from '@perflab/contracts';
import type { Admin } from 'kafkajs';
import type { KafkaClient } from '../client/kafka-client';
import { isSettling, isUnknownTopic, untilSettled } from './broker-settling';

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
  const current = await partitionCounts(admin, [...wanted.keys()]);
  const missing = [...wanted].filter(([topic]) => current.get(topic) === undefined);
  if (missing.length > 0) {
    const names = missing.map(([topic]) => topic);
    // Another process may create the same topics at the same moment: kafkajs answers
    // "already exists" with false, so asking again after a settling answer is safe.
    await untilSettled(`creating ${names.join(', ')}`, async () => {
      await admin.createTopics({
        // kafkajs's own leader wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a fresh
        // KRaft broker answers for a moment after creating a topic: wait below instead.
        waitForLeaders: false,
        topics: missing.map(([topic, numPartitions]) => ({ topic, numPartitions, replicationFactor })),
      });
      return true;
    });
    await waitForLeaders(admin, names);
  }
  const grow = [...wanted]
    .map(([topic, count]) => ({ topic, count, current: current.get(topic) }))
    .filter((t) => t.current !== undefined && t.count > t.current);
  if (grow.length === 0) return;
  try {
    await admin.createPartitions({ topicPartitions: grow.map(({ topic, count }) => ({ topic, count })) });
  } catch (error) {
    // Two workers of the producer growing at once: the loser gets INVALID_PARTITIONS. Fine once
    // the count is what we want — and the winner's partitions show in the metadata a moment
    // after its answer (a fresh CI run read the old count right away), so wait for them.
    const topics = grow.map((t) => t.topic);
    const grown = await untilSettled(
      `partitions of ${topics.join(', ')}`,
      async () => {
        const now = await partitionCounts(admin, topics);
        return grow.every((t) => (now.get(t.topic) ?? 0) >= t.count) ? true : undefined;
      },
      10_000,
    ).catch(() => false);
    if (!grown) throw error;
  }
}

/** Resolves once every partition of `topics` has a leader, so the first produce succeeds. */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  await untilSettled(`leaders for ${topics.join(', ')}`, async () => {
    const { topics: meta } = await admin.fetchTopicMetadata({ topics });
    const ready = meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
    return ready && meta.length === topics.length ? true : undefined;
  });
}

/** Topic names as the broker lists them now (a fresh request, never kafkajs's cache). */
async function listedTopics(admin: Admin): Promise<Set<string>> {
  return new Set(await untilSettled('listing topics', () => admin.listTopics()));
}

/**
 * Deletes topics (tests and tooling) and returns once the broker no longer lists them: the
 * controller accepts a delete before the broker stops serving the partitions, and until then
 * a produce can still succeed. Topics that do not exist, or that another client deletes
 * meanwhile, count as deleted.
 */
export async function deleteTopics(kafka: KafkaClient, topics: string[], timeoutMs = 30_000): Promise<void> {
  if (topics.length === 0) return;
  const admin = await kafka.admin();
  const listed = await listedTopics(admin);
  const doomed = topics.filter((t) => listed.has(t));
  if (doomed.length === 0) return;
  // One request per topic: a reply about one topic (already gone) says nothing of the others.
  let unrequested = doomed;
  await untilSettled(
    `deleting ${doomed.join(', ')}`,
    async () => {
      const failed: string[] = [];
      for (const topic of unrequested) {
        try {
          await admin.deleteTopics({ topics: [topic] });
        } catch (error) {
          // Unknown: deleted already. Settling: kafkajs's metadata refresh around the request met
          // another topic mid-change, and the request may not have been made: ask again if listed.
          if (isUnknownTopic(error)) continue;
          if (!isSettling(error)) throw error;
          failed.push(topic);
        }
      }
      const still = await listedTopics(admin);
      unrequested = failed.filter((t) => still.has(t));
      return doomed.some((t) => still.has(t)) ? undefined : true;
    },
    timeoutMs,
  );
}

/** The partition count of each topic, or undefined for topics that do not exist. */
export async function describeTopics(kafka: KafkaClient, topics: string[]): Promise<Map<string, number | undefined>> {
  return partitionCounts(await kafka.admin(), topics);
}

async function partitionCounts(admin: Admin, topics: string[]): Promise<Map<string, number | undefined>> {
  // Listed first: kafkajs answers a topic it has cached but the broker no longer has with null.
  return untilSettled(`describing ${topics.join(', ')}`, async () => {
    const listed = await admin.listTopics();
    const found = topics.filter((t) => listed.includes(t));
    const result = new Map<string, number | undefined>(topics.map((t) => [t, undefined]));
    if (found.length > 0) {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: found });
      for (const t of meta) result.set(t.name, t.partitions.length);
    }
    return result;
  });
}
