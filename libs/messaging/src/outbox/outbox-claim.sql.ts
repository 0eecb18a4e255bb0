// The relay's claim statement, free of the lib's other imports so the bare baselines
// (load-tests/baselines/_bare.ts) run the very same text.
import { escapeLiteral } from 'pg';

/**
 * `BEGIN; DELETE … RETURNING` as one simple-protocol text (no parameters there, so the topics are
 * quoted literals; they come from the service's contracts, not from requests). The oldest rows of
 * these topics that no other relay holds are deleted and returned; they stay locked until COMMIT,
 * and a ROLLBACK puts them back. ARRAY(subquery) runs the SKIP LOCKED scan exactly once.
 */
export function claimStatement(topics: string[], batchSize: number): string {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`outbox batchSize must be a positive integer`);
  const topicList = topics.length > 0 ? topics.map((topic) => escapeLiteral(topic)).join(', ') : 'NULL';
  return `BEGIN;
    DELETE FROM outbox_events WHERE id = ANY(ARRAY(
      SELECT id FROM outbox_events WHERE topic IN (${topicList})
      ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED))
    RETURNING id, topic, key, payload::text AS payload, headers, created_at::text AS "createdAt",
      extract(epoch FROM clock_timestamp() - created_at)::float8 AS age`;
}
