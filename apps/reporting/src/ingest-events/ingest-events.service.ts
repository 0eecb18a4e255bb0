import { Inject, Injectable } from '@nestjs/common';
import type { FeedbackReceived, SessionCompleted } from '@perflab/contracts';
import { REPORTING_CONFIG, type ReportingConfig } from '../reporting.config';
import { impactEventsTotal } from '../reporting.metrics';
import { ReportCache } from '../shared/report.cache';
import { BatchedEventWriter } from './batched-event-writer';
import { ImpactEventStore } from './impact-event.store';

/** One consumed event → stored once with its rollups, then the company's cached reports retired. */
@Injectable()
export class IngestEventsService {
  private readonly sessions: (event: SessionCompleted) => Promise<boolean>;
  private readonly feedbacks: (event: FeedbackReceived) => Promise<boolean>;

  constructor(
    store: ImpactEventStore,
    private readonly cache: ReportCache,
    @Inject(REPORTING_CONFIG) config: ReportingConfig,
  ) {
    const max = config.CONSUMER_BATCH_CONCURRENCY;
    if (config.CONSUMER_BATCH_STATEMENTS && max > 1) {
      const sessions = new BatchedEventWriter((events: SessionCompleted[]) => store.storeSessions(events), max);
      const feedbacks = new BatchedEventWriter((events: FeedbackReceived[]) => store.storeFeedback(events), max);
      this.sessions = (event) => sessions.store(event);
      this.feedbacks = (event) => feedbacks.store(event);
    } else {
      this.sessions = async (event) => (await store.storeSessions([event])).has(event.eventId);
      this.feedbacks = async (event) => (await store.storeFeedback([event])).has(event.eventId);
    }
  }

  async session(event: SessionCompleted): Promise<boolean> {
    return this.after('session', event.companyId, await this.sessions(event));
  }

  async feedback(event: FeedbackReceived): Promise<boolean> {
    return this.after('feedback', event.companyId, await this.feedbacks(event));
  }

  private async after(kind: string, companyId: string, stored: boolean): Promise<boolean> {
    impactEventsTotal.inc({ kind, outcome: stored ? 'stored' : 'duplicate' });
    // Also on a duplicate: a redelivery after a crash between commit and bump still retires the old entries.
    await this.cache.bump(companyId);
    return stored;
  }
}
