import { MicroBatcher } from '@perflab/async';

/** What every ingested event carries that the writer needs. */
interface Keyed {
  eventId: string;
  companyId: string;
}

type Outcome = { stored: boolean } | { error: unknown };

/**
 * Events handled at the same time (batch mode: one in flight per company, many companies)
 * share one statement instead of one each. A batch is cut into rounds with at most one event
 * per company (a statement may not update one rollup row twice; the consumer's per-key order
 * makes that the usual case anyway). A failed round is retried one event per statement, so a
 * bad event fails alone and its neighbours are stored.
 */
export class BatchedEventWriter<E extends Keyed> {
  private readonly batcher: MicroBatcher<E, Outcome>;

  constructor(
    private readonly write: (events: E[]) => Promise<Set<string>>,
    maxBatch: number,
  ) {
    this.batcher = new MicroBatcher((events) => this.flush(events), { maxBatch });
  }

  /** True when stored, false when the event id was already there; rejects with this event's own error. */
  async store(event: E): Promise<boolean> {
    const outcome = await this.batcher.run(event);
    if ('error' in outcome) throw outcome.error;
    return outcome.stored;
  }

  private async flush(events: E[]): Promise<Outcome[]> {
    const outcomes = new Map<E, Outcome>();
    for (const round of rounds(events)) {
      try {
        const stored = await this.write(round);
        for (const e of round) outcomes.set(e, { stored: stored.has(e.eventId) });
      } catch {
        for (const e of round) {
          try {
            outcomes.set(e, { stored: (await this.write([e])).has(e.eventId) });
          } catch (error) {
            outcomes.set(e, { error });
          }
        }
      }
    }
    return events.map((e) => outcomes.get(e)!);
  }
}

/** Splits events into rounds with at most one event per company, keeping each company's order. */
export function rounds<E extends Keyed>(events: E[]): E[][] {
  const out: E[][] = [];
  const next = new Map<string, number>();
  for (const e of events) {
    const index = next.get(e.companyId) ?? 0;
    (out[index] ??= []).push(e);
    next.set(e.companyId, index + 1);
  }
  return out;
}
