import type { FeedbackReceived, SessionCompleted } from '@perflab/contracts';
import { createDatabase, type Database } from '@perflab/database';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../reporting.prisma';
import { impactHistory, type HistoryRow } from '../seed/impact-history';
import { rebuildRollups } from '../seed/load-history';
import { createTestDatabase } from '../testing/test-stack';
import { BatchedEventWriter } from './batched-event-writer';
import { ImpactEventStore } from './impact-event.store';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

/** The seed's rows as the contracts' events (what the consumer receives). */
function asEvent(
  row: HistoryRow,
): { kind: 'session'; e: SessionCompleted } | { kind: 'feedback'; e: FeedbackReceived } {
  const common = { eventId: row.eventId, source: 'seed', companyId: row.companyId, receivedAt: row.occurredAt };
  if (row.kind === 'session') {
    const started = new Date(Date.parse(row.occurredAt) - row.durationMinutes! * 60_000).toISOString();
    return {
      kind: 'session',
      e: {
        ...common,
        sessionId: row.sessionId,
        volunteerId: row.volunteerId!,
        participantId: row.participantId,
        programme: 'mentoring',
        startedAt: started,
        completedAt: row.occurredAt,
        durationMinutes: row.durationMinutes!,
        volunteerHours: row.volunteerHours!,
      },
    };
  }
  return {
    kind: 'feedback',
    e: {
      ...common,
      feedbackId: `f-${row.eventId}`,
      sessionId: row.sessionId,
      participantId: row.participantId,
      score: row.score!,
      submittedAt: row.occurredAt,
    },
  };
}

const TABLES = [
  'daily_company_metrics',
  'daily_volunteers',
  'daily_participants',
  'volunteer_months',
  'volunteer_cohorts',
];

async function fingerprints(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url, options: '-c search_path=reporting' });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const { rows } = await client.query<{ md5: string }>(
        `SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS md5 FROM ${table} t`,
      );
      out[table] = rows[0].md5;
    }
    return out;
  } finally {
    await client.end();
  }
}

describe('ImpactEventStore: one event per statement and batched statements reach the same rollups', () => {
  const events = [...impactHistory({ seed: 3, events: 1_500, companies: 12, until: '2026-11-30' })].flat().map(asEvent);
  let one: Db;
  let batched: Db;
  let rebuilt: Db;
  const databases: Database<PrismaClient>[] = [];

  const storeOf = (db: Db) => {
    const database = createDatabase(PrismaClient, { service: 'reporting', url: db.url, poolSize: 4 });
    databases.push(database);
    return new ImpactEventStore(database);
  };

  beforeAll(async () => {
    [one, batched, rebuilt] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.close()));
    await Promise.all([one, batched, rebuilt].map((d) => d?.drop()));
  });

  it('counts every event once, duplicates included, whichever way they are written', async () => {
    const single = storeOf(one);
    let storedOne = 0;
    for (const { kind, e } of [...events, ...events.slice(0, 50)]) {
      const stored = kind === 'session' ? await single.storeSessions([e]) : await single.storeFeedback([e]);
      storedOne += stored.size;
    }
    expect(storedOne).toBe(events.length);

    // Everything at once, as a consumer in batch mode hands it over: many companies per statement.
    const store = storeOf(batched);
    const sessions = new BatchedEventWriter((b: SessionCompleted[]) => store.storeSessions(b), 50);
    const feedback = new BatchedEventWriter((b: FeedbackReceived[]) => store.storeFeedback(b), 50);
    const results = await Promise.all(
      [...events, ...events.slice(0, 50)].map(({ kind, e }) =>
        kind === 'session' ? sessions.store(e as SessionCompleted) : feedback.store(e as FeedbackReceived),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(events.length);

    const reference = await fingerprints(one.url);
    expect(await fingerprints(batched.url)).toEqual(reference);

    // And the seed's set-based rebuild from the same raw events agrees with both.
    const client = new Client({ connectionString: rebuilt.url, options: '-c search_path=reporting' });
    await client.connect();
    try {
      // The raw events written the batched way, then every rollup thrown away and recomputed from them.
      const rebuiltStore = storeOf(rebuilt);
      const writer = {
        session: new BatchedEventWriter((b: SessionCompleted[]) => rebuiltStore.storeSessions(b), 50),
        feedback: new BatchedEventWriter((b: FeedbackReceived[]) => rebuiltStore.storeFeedback(b), 50),
      };
      await Promise.all(
        events.map(({ kind, e }) =>
          kind === 'session'
            ? writer.session.store(e as SessionCompleted)
            : writer.feedback.store(e as FeedbackReceived),
        ),
      );
      await rebuildRollups(client);
    } finally {
      await client.end();
    }
    expect(await fingerprints(rebuilt.url)).toEqual(reference);
  });
});
