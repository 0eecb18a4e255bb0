import type { EventContract } from '@perflab/contracts';
import { PeriodicTask } from '@perflab/runtime';
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { EventPublisher, PublishItem } from '../publisher/event-publisher';
import { claimStatement } from './outbox-claim.sql';
import {
  outboxDeadLetteredTotal,
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
  /** As stored (text), for a row that has to move to outbox_dead_letters. */
  createdAt: string;
  /** Seconds since the row was written, when it was claimed (by the database's clock). */
  age: number;
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
  /** A row moved to `outbox_dead_letters` (the service's logger, at error: a bug to look at). */
  onDeadLetter?: (error: OutboxRowInvalidError) => void;
}

/**
 * Moves committed outbox rows to Kafka. The row was written in the same transaction as the
 * change it announces, so nothing is lost while Kafka is down: it waits here. Each drain
 * claims a batch in id order by deleting it (FOR UPDATE SKIP LOCKED: cluster workers and
 * instances take disjoint rows), publishes it through the idempotent acks=all publisher and
 * commits; two round trips in all. A failed publish rolls back, which puts the rows back; the
 * relay then backs off. `nudge()` right after a commit keeps latency low; the poll covers
 * everything else. At least once: a crash between the ack and the commit publishes those rows
 * again, so consumers must be idempotent.
 * A row its contract refuses (a bug: rows are validated when written) can never go out; it
 * moves to `outbox_dead_letters` with the error in the same transaction, so it never blocks
 * the rows behind it.
 */
export class OutboxRelay {
  private readonly task: PeriodicTask;
  private readonly contracts: Map<string, EventContract>;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly claimSql: string;
  private lastDepthCheck = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.contracts = new Map(options.events.map((e) => [e.topic, e]));
    this.batchSize = options.batchSize ?? 500;
    this.claimSql = claimStatement([...this.contracts.keys()], this.batchSize);
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

  /** One batch: claim (delete), publish, commit. Resolves with how many rows went out. */
  async drainOnce(): Promise<number> {
    const client = await this.options.pool.connect();
    try {
      // BEGIN and the claim in one round trip (the simple protocol runs both; the second result is the claim's).
      const [, claimed] = (await client.query(this.claimSql)) as unknown as QueryResult<OutboxRow>[];
      const claimedAt = performance.now();
      if (claimed.rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      // RETURNING does not keep the subquery's order; Kafka gets them in id (commit) order.
      const rows = claimed.rows.sort((a, b) => compareIds(a.id, b.id));
      const { valid, invalid } = this.decode(rows);
      // One publishBatch per topic in the same turn: the publisher sends them as one request.
      await Promise.all(
        [...groupByTopic(valid)].map(([topic, items]) =>
          this.options.publisher.publishBatch(this.contracts.get(topic)!, items),
        ),
      );
      if (invalid.length > 0) await this.deadLetter(client, rows, invalid);
      await client.query('COMMIT');
      const waited = (performance.now() - claimedAt) / 1000;
      for (const { row } of valid) {
        outboxPublishLatency.observe({ topic: row.topic }, Math.max(0, row.age + waited));
        outboxPublishedTotal.inc({ topic: row.topic });
      }
      for (const error of invalid) {
        outboxDeadLetteredTotal.inc({ topic: error.topic });
        this.options.onDeadLetter?.(error);
      }
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Each row through its contract: what can be published, and what never can. */
  private decode(rows: OutboxRow[]): { valid: DecodedRow[]; invalid: OutboxRowInvalidError[] } {
    const valid: DecodedRow[] = [];
    const invalid: OutboxRowInvalidError[] = [];
    for (const row of rows) {
      const decoded = this.contracts.get(row.topic)!.decode(row.key, row.payload);
      if (decoded.ok)
        valid.push({ row, item: { key: decoded.key, value: decoded.value, headers: row.headers ?? undefined } });
      else invalid.push(new OutboxRowInvalidError(row.id, row.topic, decoded.error));
    }
    return { valid, invalid };
  }

  /** Stores refused rows (claimed, so already deleted), as they were, in outbox_dead_letters with their error. */
  private async deadLetter(client: PoolClient, rows: OutboxRow[], errors: OutboxRowInvalidError[]): Promise<void> {
    const byId = new Map(rows.map((row) => [row.id, row]));
    const refused = errors.map((error) => ({ row: byId.get(error.rowId)!, error: error.message }));
    await client.query(
      `INSERT INTO outbox_dead_letters (id, topic, key, payload, headers, created_at, error)
       SELECT id, topic, key, payload::jsonb, headers::jsonb, created_at::timestamptz, error
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS d(id, topic, key, payload, headers, created_at, error)`,
      [
        refused.map(({ row }) => row.id),
        refused.map(({ row }) => row.topic),
        refused.map(({ row }) => row.key),
        refused.map(({ row }) => row.payload),
        refused.map(({ row }) => (row.headers === null ? null : JSON.stringify(row.headers))),
        refused.map(({ row }) => row.createdAt),
        refused.map(({ error }) => error),
      ],
    );
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

/** A stored row its own contract refuses: a bug (rows are validated when written), not an outage; dead-lettered. */
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

/** Outbox ids are bigints (pg returns them as text): by length, then as text, is numeric order. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function reasonOf(error: unknown): string {
  if (error instanceof OutboxRowInvalidError) return 'invalid_row';
  if ((error as Error)?.name === 'PublishError') return 'kafka';
  return 'database';
}

interface DecodedRow {
  row: OutboxRow;
  item: PublishItem<EventContract>;
}

function groupByTopic(rows: DecodedRow[]): Map<string, PublishItem<EventContract>[]> {
  const groups = new Map<string, PublishItem<EventContract>[]>();
  for (const { row, item } of rows) {
    const group = groups.get(row.topic);
    if (group) group.push(item);
    else groups.set(row.topic, [item]);
  }
  return groups;
}
