import { MicroBatcher } from '@perflab/async';
import type { NotificationRecord } from '../shared/notification.model';
import type { NotificationRepository } from '../shared/notification.repository';
import type { DeliveryStore, FinishOutcome } from './delivery.service';

/**
 * A DeliveryStore whose claims and SENT transitions made in the same event-loop turn share
 * one statement. FAILED (rare, carries an error text) goes through the fallback one by one.
 */
export class BatchedDeliveryStore implements DeliveryStore {
  private readonly claims: MicroBatcher<{ id: string; leaseSeconds: number }, NotificationRecord | null>;
  private readonly sent: MicroBatcher<string, { id: string; userId: string } | null>;

  constructor(
    statements: Pick<NotificationRepository, 'claimMany' | 'finishSentMany'>,
    private readonly fallback: DeliveryStore,
    maxBatch: number,
  ) {
    this.claims = new MicroBatcher(
      async (items) => {
        const rows = await statements.claimMany(
          [...new Set(items.map((i) => i.id))],
          Math.min(...items.map((i) => i.leaseSeconds)),
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        // The same id twice in one batch (a redelivery next to a sweeper republish): only the first caller gets it.
        return items.map((item) => {
          const row = byId.get(item.id) ?? null;
          byId.delete(item.id);
          return row;
        });
      },
      { maxBatch },
    );
    this.sent = new MicroBatcher(
      async (ids) => {
        const rows = await statements.finishSentMany([...new Set(ids)]);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => {
          const row = byId.get(id) ?? null;
          byId.delete(id);
          return row;
        });
      },
      { maxBatch },
    );
  }

  claim(id: string, leaseSeconds: number): Promise<NotificationRecord | null> {
    return this.claims.run({ id, leaseSeconds });
  }

  finish(id: string, outcome: FinishOutcome): Promise<{ id: string; userId: string } | null> {
    return outcome.status === 'SENT' ? this.sent.run(id) : this.fallback.finish(id, outcome);
  }

  release(id: string, reason: string): Promise<void> {
    return this.fallback.release(id, reason);
  }
}
