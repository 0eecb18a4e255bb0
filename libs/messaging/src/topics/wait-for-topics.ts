import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaClient } from '../client/kafka-client';
import { describeTopics } from './declare-topics';

export interface WaitForTopicsOptions {
  /** Between checks (default 1 s). */
  intervalMs?: number;
  /** Aborting ends the wait with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each failed check: what is still missing, or why the check failed. */
  onWait?: (reason: string) => void;
}

/**
 * Resolves once every topic exists. A consumer calls this instead of creating a topic it
 * does not produce: the partition count is the producer's to choose. Kafka errors (down,
 * not ready) count as "not yet".
 */
export async function waitForTopics(kafka: KafkaClient, topics: string[], options: WaitForTopicsOptions = {}) {
  for (;;) {
    options.signal?.throwIfAborted();
    let reason: string;
    try {
      const found = await describeTopics(kafka, topics);
      const missing = topics.filter((t) => found.get(t) === undefined);
      if (missing.length === 0) return;
      reason = `waiting for topic(s) ${missing.join(', ')} (created by their producer)`;
    } catch (error) {
      reason = `cannot list topics: ${(error as Error).message}`;
    }
    options.onWait?.(reason);
    await sleep(options.intervalMs ?? 1_000, undefined, { signal: options.signal });
  }
}
