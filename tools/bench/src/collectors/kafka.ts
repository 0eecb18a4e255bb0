import { createKafka } from '@perflab/messaging';

// Consumer-group lag from the broker (what `kafka-consumer-groups --describe` shows in 002),
// independent of what the service reports about itself.

export interface GroupLag {
  group: string;
  state: string;
  members: number;
  lag: number;
  topics: string[];
}

/**
 * The bench's admin connection, made by the messaging lib's factory: the same client
 * settings, and its kafkajs guard against the idle 1 ms request-queue loop
 * (libs/messaging/src/client/request-queue-idle-fix.ts), which a bare kafkajs client lacks.
 */
function benchKafka(brokers: string[]) {
  return createKafka({ clientId: 'perflab-bench', brokers, logLevel: 'nothing', connectionTimeoutMs: 3000, retries: 1 })
    .native;
}

export async function kafkaLag(
  brokers: string[],
  only?: (group: string) => boolean,
): Promise<{ groups: GroupLag[]; error?: string }> {
  const kafka = benchKafka(brokers);
  const admin = kafka.admin();
  try {
    await admin.connect();
    const listed = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => (only ? only(g) : true));
    const described = listed.length ? (await admin.describeGroups(listed)).groups : [];
    const out: GroupLag[] = [];
    for (const g of described) {
      const offsets = await admin.fetchOffsets({ groupId: g.groupId });
      let lag = 0;
      const topics: string[] = [];
      for (const t of offsets) {
        topics.push(t.topic);
        const ends = await admin.fetchTopicOffsets(t.topic);
        const end = new Map(ends.map((p) => [p.partition, Number(p.high)]));
        for (const p of t.partitions) {
          const committed = Number(p.offset);
          const high = end.get(p.partition) ?? 0;
          lag += committed < 0 ? high : Math.max(0, high - committed);
        }
      }
      out.push({ group: g.groupId, state: g.state, members: g.members.length, lag, topics });
    }
    return { groups: out.sort((a, b) => b.lag - a.lag) };
  } catch (err) {
    return { groups: [], error: (err as Error).message };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Topics and consumer groups named with this run's id (per-run service env): deleted after the run. */
export async function deleteRunTopics(brokers: string[], runId: string, log: (s: string) => void): Promise<void> {
  const kafka = benchKafka(brokers);
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.includes(runId));
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.includes(runId));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10_000 });
    if (topics.length || groups.length)
      log(`kafka: deleted this run's ${topics.length} topic(s), ${groups.length} group(s)`);
  } catch (err) {
    log(`kafka: could not delete this run's topics: ${(err as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
