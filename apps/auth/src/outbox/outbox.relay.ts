import type { EventContract } from '@perflab/contracts';
import { counter, gauge } from '@perflab/observability';
import type { Pool } from 'pg';
import type { EventSink } from './event-sink';

const relayed = counter('auth_outbox_relayed_total', 'Outbox events published to Kafka', ['topic']);
const relayFailures = counter('auth_outbox_relay_failures_total', 'Outbox drains that failed (rows kept for retry)');
const pendingGauge = gauge('auth_outbox_pending', 'Outbox rows seen pending at the last drain');

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
}

export interface OutboxRelayOptions {
  batchSize: number;
  intervalMs: number;
  onError?: (error: unknown) => void;
}

/**
 * Moves rows from auth.outbox_events to Kafka. The row was written in the same
 * transaction as the change it announces, so an event is never lost when Kafka is down:
 * it waits here. Each drain locks a batch (SKIP LOCKED, so workers and instances share
 * the work), publishes it, and deletes it in one transaction; a failed publish rolls back
 * and the rows are retried next tick. Delivery is at least once; consumers dedupe by key.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private readonly contracts: Map<string, EventContract>;

  constructor(
    private readonly pool: Pool,
    private readonly sink: EventSink,
    contracts: EventContract[],
    private readonly options: OutboxRelayOptions,
  ) {
    this.contracts = new Map(contracts.map((c) => [c.topic, c]));
  }

  start(): void {
    this.timer ??= setInterval(() => this.nudge(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Drain soon (after a commit); concurrent nudges coalesce into one more drain. */
  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drainAll()
      .then(() => undefined)
      .catch((error: unknown) => {
        relayFailures.inc();
        this.options.onError?.(error);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Drains until empty; resolves with how many events were published. */
  async drainAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainOnce();
      total += n;
      if (n < this.options.batchSize) return total;
    }
  }

  async drainOnce(): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, topic, key, payload FROM outbox_events ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      pendingGauge.set(rows.length);
      for (const [topic, group] of groupByTopic(rows)) {
        const contract = this.contracts.get(topic);
        if (!contract) throw new Error(`outbox: no contract for topic ${topic}`);
        await this.sink.publishBatch(
          contract,
          group.map((row) => ({ key: row.key, value: row.payload as never })),
        );
        relayed.inc({ topic }, group.length);
      }
      if (rows.length > 0)
        await client.query(`DELETE FROM outbox_events WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function groupByTopic(rows: OutboxRow[]): Map<string, OutboxRow[]> {
  const groups = new Map<string, OutboxRow[]>();
  for (const row of rows) groups.set(row.topic, [...(groups.get(row.topic) ?? []), row]);
  return groups;
}
