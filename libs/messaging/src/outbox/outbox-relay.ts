import type { EventContract } from '@perflab/contracts';
import { PeriodicTask } from '@perflab/runtime';
import type { Pool, PoolClient } from 'pg';
import type { EventPublisher, PublishItem } from '../publisher/event-publisher';
import {
  outboxDepth,
  outboxFailuresTotal,
  outboxOldestAge,
  outboxPublishedTotal,
  outboxPublishLatency,
} from './outbox.metrics';

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: string;
  headers: Record<string, string> | null;
}

export interface OutboxRelayOptions {
  /** The service's pool; its sessions' search_path finds the service's `outbox_events`. */
  pool: Pool;
  publisher: Pick<EventPublisher, 'publishBatch'>;
  /** The events this relay publishes; rows of other topics are left to a relay that knows them. */
  events: EventContract[];
  /** Rows claimed and published per transaction (default 500). */
  batchSize?: number;
  /** The fallback poll, for rows committed by other processes or before a crash (default 1 s). */
  pollIntervalMs?: number;
  /** Longest wait between attempts while Kafka fails (default 30 s). */
  maxBackoffMs?: number;
  /** Where failures go (the service's logger); they are also counted. */
  onError?: (error: unknown, consecutiveFailures: number) => void;
}

/**
 * Moves committed outbox rows to Kafka. The row was written in the same transaction as the
 * change it announces, so nothing is lost while Kafka is down: it waits here. Each drain
 * claims a batch in id order with FOR UPDATE SKIP LOCKED (cluster workers and instances
 * take disjoint rows), publishes it through the idempotent acks=all publisher, deletes it
 * and commits. A failed publish rolls back; the relay then backs off. `nudge()` right after
 * a commit keeps latency low; the poll covers everything else. At least once: a crash
 * between the ack and the commit publishes those rows again, so consumers must be idempotent.
 */
export class OutboxRelay {
  private readonly task: PeriodicTask;
  private readonly contracts: Map<string, EventContract>;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private lastDepthCheck = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.contracts = new Map(options.events.map((e) => [e.topic, e]));
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.task = new PeriodicTask({
      name: 'outbox-relay',
      intervalMs: this.pollIntervalMs,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      run: () => this.drainAndMeasure(),
      onError: (error, failures) => {
        outboxFailuresTotal.inc({ reason: reasonOf(error) });
        options.onError?.(error, failures);
      },
    });
  }

  /** When the last drain succeeded, and the last error while it fails (health). */
  get status(): { lastRunAt?: Date; lastError?: string; consecutiveFailures: number } {
    const { lastRunAt, lastError, consecutiveFailures } = this.task;
    return { lastRunAt, lastError, consecutiveFailures };
  }

  start(): void {
    this.task.start();
    this.task.trigger(); // rows left by a previous run go out at once
  }

  /** Stops polling and waits for the drain in flight. */
  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Drain now (call after committing outbox rows); coalesced, and ignored while backing off. */
  nudge(): void {
    this.task.trigger();
  }

  /** Publishes until the outbox is empty; resolves with how many rows went out. */
  async drainAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainOnce();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  private async drainAndMeasure(): Promise<void> {
    try {
      await this.drainAll();
    } finally {
      // Also while Kafka fails: that is when depth and age matter.
      await this.measureDepth().catch(() => undefined);
    }
  }

  /** One batch: claim, publish, delete, commit. Resolves with how many rows went out. */
  async drainOnce(): Promise<number> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, topic, key, payload::text AS payload, headers FROM outbox_events
         WHERE topic = ANY($1::text[]) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [[...this.contracts.keys()], this.batchSize],
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      // One publishBatch per topic in the same turn: the publisher sends them as one request.
      await Promise.all([...groupByTopic(rows)].map(([topic, group]) => this.publish(topic, group)));
      await this.delete(client, rows);
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private publish(topic: string, rows: OutboxRow[]): Promise<void> {
    const contract = this.contracts.get(topic)!;
    const items = rows.map((row): PublishItem<EventContract> => {
      const decoded = contract.decode(row.key, row.payload);
      if (!decoded.ok) throw new OutboxRowInvalidError(row.id, topic, decoded.error);
      return { key: decoded.key, value: decoded.value, headers: row.headers ?? undefined };
    });
    return this.options.publisher.publishBatch(contract, items);
  }

  private async delete(client: PoolClient, rows: OutboxRow[]): Promise<void> {
    const { rows: deleted } = await client.query<{ topic: string; age: number }>(
      `DELETE FROM outbox_events WHERE id = ANY($1::bigint[])
       RETURNING topic, extract(epoch FROM clock_timestamp() - created_at)::float8 AS age`,
      [rows.map((r) => r.id)],
    );
    for (const { topic, age } of deleted) {
      outboxPublishLatency.observe({ topic }, Math.max(0, age));
      outboxPublishedTotal.inc({ topic });
    }
  }

  /** Depth and oldest age, at most once per poll interval (the gauges, not every nudge). */
  private async measureDepth(): Promise<void> {
    if (Date.now() - this.lastDepthCheck < this.pollIntervalMs) return;
    this.lastDepthCheck = Date.now();
    const { rows } = await this.options.pool.query<{ depth: number; age: number | null }>(
      `SELECT count(*)::int AS depth, extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox_events`,
    );
    outboxDepth.set(rows[0]?.depth ?? 0);
    outboxOldestAge.set(Math.max(0, rows[0]?.age ?? 0));
  }
}

/** A stored row its own contract refuses: a bug (rows are validated when written), not an outage. */
export class OutboxRowInvalidError extends Error {
  constructor(
    readonly rowId: string,
    readonly topic: string,
    detail: string,
  ) {
    super(`outbox row ${rowId} (${topic}) fails its contract: ${detail}`);
    this.name = 'OutboxRowInvalidError';
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof OutboxRowInvalidError) return 'invalid_row';
  if ((error as Error)?.name === 'PublishError') return 'kafka';
  return 'database';
}

function groupByTopic(rows: OutboxRow[]): Map<string, OutboxRow[]> {
  const groups = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const group = groups.get(row.topic);
    if (group) group.push(row);
    else groups.set(row.topic, [row]);
  }
  return groups;
}
