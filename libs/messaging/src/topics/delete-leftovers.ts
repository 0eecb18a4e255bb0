import { createKafka } from '../client/kafka-client';
import { deleteTopics } from './declare-topics';

export interface KafkaLeftovers {
  /** Topics to delete, each with its dead-letter topic (`<topic>.dlt`). */
  topics: string[];
  /** Consumer groups to delete; one that does not exist (never joined) is no error. */
  groups?: string[];
}

/**
 * Deletes what a test file or a run made in Kafka (its own topics, their `.dlt`s, its groups),
 * with a client of its own. Groups go first: a topic is only deleted once nobody reads it.
 */
export async function deleteKafkaLeftovers(brokers: string[], { topics, groups = [] }: KafkaLeftovers): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'perflab-cleanup', logLevel: 'nothing' });
  try {
    if (groups.length > 0) {
      const admin = await kafka.admin();
      await admin.deleteGroups(groups).catch(() => undefined);
    }
    await deleteTopics(
      kafka,
      topics.flatMap((topic) => [topic, `${topic}.dlt`]),
    );
  } finally {
    await kafka.disconnect();
  }
}
