import type { KafkaClient } from '../client/kafka-client';

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

export interface LagReport {
  total: number;
  partitions: PartitionLag[];
}

/**
 * Lag per partition: end offset minus committed offset. A partition the group never
 * committed counts from the log start (everything retained is still to do).
 */
export function computeLag(
  topic: string,
  committed: { partition: number; offset: string }[],
  ends: { partition: number; high: string; low: string }[],
): PartitionLag[] {
  const byPartition = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  return ends.map(({ partition, high, low }) => {
    const done = byPartition.get(partition);
    const from = done === undefined || done < 0 ? Number(low) : done;
    return { topic, partition, lag: Math.max(0, Number(high) - from) };
  });
}

export async function measureLag(kafka: KafkaClient, groupId: string, topics: string[]): Promise<LagReport> {
  const admin = await kafka.admin();
  const committed = await admin.fetchOffsets({ groupId, topics });
  const partitions: PartitionLag[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    partitions.push(...computeLag(topic, committed.find((c) => c.topic === topic)?.partitions ?? [], ends));
  }
  return { total: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
}
