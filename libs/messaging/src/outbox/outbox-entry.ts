import type { EventContract, EventKeyInput, EventValueInput } from '@perflab/contracts';

/** One row of a service's `outbox_events` table, ready to insert. */
export interface OutboxEntry {
  topic: string;
  /** The encoded key (a string key as itself, others as JSON). */
  key: string;
  /** The encoded value: JSON text, stored as jsonb. */
  payload: string;
  headers: Record<string, string> | null;
}

export interface OutboxItem<E extends EventContract> {
  key: EventKeyInput<E>;
  value: EventValueInput<E>;
  headers?: Record<string, string>;
}

/**
 * Validates and encodes events for the outbox. Validation happens here, at write time, so
 * a caller's bug fails its own request instead of becoming a row the relay cannot publish.
 * Throws ContractViolationError.
 */
export function outboxEntries<E extends EventContract>(event: E, items: OutboxItem<E>[]): OutboxEntry[] {
  return items.map(({ key, value, headers }) => {
    const encoded = event.encode(key, value);
    return { topic: event.topic, key: encoded.key, payload: encoded.value, headers: headers ?? null };
  });
}

/**
 * Inserts entries into the service's outbox in one statement; `$1` is `outboxJson(entries)`.
 * Run it inside the transaction of the change the events announce: with Prisma
 * `tx.$executeRawUnsafe(OUTBOX_INSERT_SQL, outboxJson(entries))`, with pg
 * `client.query(OUTBOX_INSERT_SQL, [outboxJson(entries)])`. A service that writes its
 * change as one CTE can select from `jsonb_to_recordset` the same way.
 */
export const OUTBOX_INSERT_SQL = `INSERT INTO outbox_events (topic, key, payload, headers)
  SELECT topic, key, payload, headers FROM jsonb_to_recordset($1::jsonb)
  AS e(topic text, key text, payload jsonb, headers jsonb)`;

export function outboxJson(entries: OutboxEntry[]): string {
  return JSON.stringify(entries.map((e) => ({ ...e, payload: JSON.parse(e.payload) as unknown })));
}
