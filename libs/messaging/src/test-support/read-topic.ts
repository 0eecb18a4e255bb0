import { waitFor } from '@perflab/testing';
import type { KafkaClient } from '../client/kafka-client';

export interface ReadMessage {
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Reads a topic from the start with a throwaway group until `count` messages arrived. */
export async function readTopic(
  kafka: KafkaClient,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<ReadMessage[]> {
  const groupId = `reader-${topic}-${Date.now()}`;
  const consumer = kafka.native.consumer({
    groupId,
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 200,
  });
  const messages: ReadMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
        messages.push({
          key: message.key?.toString(),
          value: message.value?.toString(),
          headers,
          partition,
          offset: message.offset,
        });
      },
    });
    await waitFor(() => messages.length >= count, { timeoutMs, what: `${count} messages on ${topic}` });
    return messages;
  } finally {
    await consumer.disconnect();
    const admin = await kafka.admin();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
