import type { EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { deadLetterTopicOf } from '@perflab/contracts';
import { idempotentProducer } from '../client/idempotent-producer';
import type { KafkaClient } from '../client/kafka-client';
import { consumedTotal, consumerGroupLagGauge, consumerLagGauge } from '../metrics/messaging.metrics';
import { describeTopics } from '../topics/declare-topics';
import { backoffDelay } from '@perflab/resilience';
import { ConcurrencyLimit } from '@perflab/async';
import { measureLag, type LagReport } from './consumer-lag';
import { deadLetterMessage } from './dead-letter-message';
import type { EventHandler } from './event-handler';
import { forgetLag, recordLag } from './lag-registry';
import { processBatch } from './process-batch';
import { processMessage, type RawMessage } from './process-message';

export interface RunConsumerOptions {
  kafka: KafkaClient;
  groupId: string;
  handlers: EventHandler[];
  /** Retries after the first failed attempt before dead-lettering (default 3). */
  retries?: number;
  /** First backoff; doubles per retry up to maxBackoffMs (defaults 200 ms, 5 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Partitions handled in parallel; messages within one partition stay in order (default 1). */
  concurrency?: number;
  /**
   * Batch mode when set: the messages of each fetched batch are handled concurrently, at
   * most this many at a time across all of this consumer's partitions, in order per message
   * key (same key one after another, different keys in parallel; null keys unordered).
   * Offsets are committed only up to the first unfinished message. Unset: one message at a
   * time per partition, in partition order.
   */
  batchConcurrency?: number;
  /** Where a new group starts (default true: the backlog is work, not history). */
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Handled offsets are committed at least this often, and after every fetched batch (default 1 s). */
  commitIntervalMs?: number;
  /** How long a fetch waits for data on an idle topic (default 1 s). */
  maxWaitTimeMs?: number;
  /** How often kafka_consumer_lag is refreshed; 0 turns it off (default 10 s). */
  lagIntervalMs?: number;
}

export interface ConsumerHandle {
  readonly groupId: string;
  readonly topics: string[];
  /** The last crash since the group was last joined (kafkajs restarts after most), else undefined. */
  readonly crash: string | undefined;
  /** Asks the broker now. */
  measureLag(): Promise<LagReport>;
  /** Stops fetching, lets the in-flight messages finish, commits what was handled, leaves the group. */
  stop(): Promise<void>;
}

/** Raised inside a retry wait when the consumer stops: the message stays uncommitted and is redelivered. */
export class ConsumerStoppingError extends Error {
  constructor() {
    super('consumer is stopping');
    this.name = 'ConsumerStoppingError';
  }
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}

function rawOf(topic: string, partition: number, message: KafkaMessage): RawMessage {
  const { key, value, offset, headers } = message;
  return { topic, partition, offset, key, value, headers: headersOf(headers) };
}

/**
 * Runs a consumer group: each message is validated against its event contract, handed
 * to its handler with retries and backoff, and dead-lettered to `<topic>.dlt` when it
 * fails its contract or every attempt. An offset is committed only after its message
 * was handled or dead-lettered (at least once).
 */
export async function runConsumer(options: RunConsumerOptions): Promise<ConsumerHandle> {
  const { kafka, groupId, handlers } = options;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 200;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;

  const byTopic = new Map<string, EventHandler>();
  for (const handler of handlers) {
    if (byTopic.has(handler.event.topic)) throw new Error(`Two handlers for ${handler.event.topic} in ${groupId}`);
    byTopic.set(handler.event.topic, handler);
  }
  const topics = [...byTopic.keys()];
  if (topics.length === 0) throw new Error(`Consumer ${groupId} has no handlers`);

  // Fail fast and by name: auto-create is off, so a consumer of an undeclared topic would only spin.
  const found = await describeTopics(kafka, [...topics, ...topics.map(deadLetterTopicOf)]);
  const missing = [...found].filter(([, partitions]) => partitions === undefined).map(([t]) => t);
  if (missing.length > 0) {
    throw new Error(`Consumer ${groupId}: topics not declared: ${missing.join(', ')} (create them with declareTopics)`);
  }

  const consumer = kafka.native.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    rebalanceTimeout: options.rebalanceTimeoutMs ?? 60_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
  });
  const deadLetters = idempotentProducer(kafka);
  let crash: string | undefined;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crash = `${String(payload.error)}${payload.restart ? ' (restarting)' : ' (not restarting)'}`;
    kafka.config.logger?.error(
      { groupId, error: String(payload.error), restart: payload.restart },
      'kafka consumer crashed',
    );
  });
  consumer.on(consumer.events.GROUP_JOIN, () => (crash = undefined));

  const stopping = new AbortController();
  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (stopping.signal.aborted) return reject(new ConsumerStoppingError());
      const onAbort = () => (clearTimeout(timer), reject(new ConsumerStoppingError()));
      const timer = setTimeout(() => (stopping.signal.removeEventListener('abort', onAbort), resolve()), ms);
      stopping.signal.addEventListener('abort', onAbort, { once: true });
    });

  /** Validate, handle with retries, dead-letter what failed; throws only if dead-lettering failed or on stop. */
  const handleMessage = async (raw: RawMessage, heartbeat: () => Promise<void>): Promise<void> => {
    const outcome = await processMessage(byTopic.get(raw.topic)!, raw, {
      retries,
      delay: (attempt) => backoffDelay(attempt, backoffMs, maxBackoffMs),
      sleep,
      heartbeat,
    });
    if (outcome.kind !== 'success') {
      // If this throws, the offset stays uncommitted and the message comes back: never lost.
      await deadLetters.send({
        topic: deadLetterTopicOf(raw.topic),
        acks: -1,
        messages: [deadLetterMessage(raw, outcome, groupId)],
      });
    }
    consumedTotal.inc({ topic: raw.topic, group: groupId, outcome: outcome.kind });
  };

  const handleBatch = async (payload: EachBatchPayload, slots: ConcurrencyLimit): Promise<void> => {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    // Many messages finish at once: one heartbeat/commit round at a time is enough.
    let beat: Promise<void> | undefined;
    const progress = () =>
      (beat ??= (async () => {
        try {
          await heartbeat();
          await commitOffsetsIfNecessary();
        } finally {
          beat = undefined;
        }
      })());
    await processBatch({
      messages: batch.messages,
      limit: slots,
      handle: async (message) => {
        try {
          await handleMessage(rawOf(batch.topic, batch.partition, message), progress);
          return 'done';
        } catch (error) {
          if (error instanceof ConsumerStoppingError) return 'abandoned';
          throw error;
        }
      },
      resolveOffset,
      progress,
      shouldStop: () => stopping.signal.aborted || !isRunning() || isStale(),
    });
  };
  const limit = options.batchConcurrency === undefined ? undefined : new ConcurrencyLimit(options.batchConcurrency);

  await deadLetters.connect();
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
  await consumer.run({
    autoCommit: true,
    autoCommitInterval: options.commitIntervalMs ?? 1_000,
    partitionsConsumedConcurrently: options.concurrency ?? 1,
    ...(limit
      ? { eachBatchAutoResolve: false, eachBatch: (payload: EachBatchPayload) => handleBatch(payload, limit) }
      : {
          eachMessage: async ({ topic, partition, message, heartbeat }) =>
            handleMessage(rawOf(topic, partition, message), heartbeat),
        }),
  });

  const seenLabels = new Set<string>();
  const measure = async (): Promise<LagReport> => {
    const report = await measureLag(kafka, groupId, topics);
    recordLag(groupId, report.total);
    for (const { topic, partition, lag } of report.partitions) {
      consumerLagGauge.set({ topic, partition: String(partition), group: groupId }, lag);
      consumerGroupLagGauge.set({ consumergroup: groupId, topic, partition: String(partition) }, lag);
      seenLabels.add(JSON.stringify([topic, partition]));
    }
    return report;
  };
  const lagIntervalMs = options.lagIntervalMs ?? 10_000;
  const lagTimer =
    lagIntervalMs > 0
      ? setInterval(() => {
          measure().catch((error: unknown) =>
            kafka.config.logger?.warn({ groupId, error: String(error) }, 'kafka consumer lag measurement failed'),
          );
        }, lagIntervalMs).unref()
      : undefined;

  let stopped: Promise<void> | undefined;
  return {
    groupId,
    topics,
    get crash() {
      return crash;
    },
    measureLag: measure,
    stop() {
      stopped ??= (async () => {
        if (lagTimer) clearInterval(lagTimer);
        stopping.abort();
        await consumer.disconnect();
        await deadLetters.disconnect();
        forgetLag(groupId);
        for (const entry of seenLabels) {
          const [topic, partition] = JSON.parse(entry) as [string, number];
          consumerLagGauge.remove({ topic, partition: String(partition), group: groupId });
          consumerGroupLagGauge.remove({ consumergroup: groupId, topic, partition: String(partition) });
        }
      })();
      return stopped;
    },
  };
}
