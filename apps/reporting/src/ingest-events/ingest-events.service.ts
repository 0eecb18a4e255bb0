import { Injectable } from '@nestjs/common';
import type { FeedbackReceived, SessionCompleted } from '@perflab/contracts';
import { impactEventsTotal } from '../reporting.metrics';
import { ReportCache } from '../shared/report.cache';
import { ImpactEventStore } from './impact-event.store';

/** One consumed event → stored once with its rollups, then the company's cached reports retired. */
@Injectable()
export class IngestEventsService {
  constructor(
    private readonly store: ImpactEventStore,
    private readonly cache: ReportCache,
  ) {}

  async session(event: SessionCompleted): Promise<boolean> {
    const stored = await this.store.storeSession(event);
    return this.after('session', event.companyId, stored);
  }

  async feedback(event: FeedbackReceived): Promise<boolean> {
    const stored = await this.store.storeFeedback(event);
    return this.after('feedback', event.companyId, stored);
  }

  private async after(kind: string, companyId: string, stored: boolean): Promise<boolean> {
    impactEventsTotal.inc({ kind, outcome: stored ? 'stored' : 'duplicate' });
    // Also on a duplicate: a redelivery after a crash between commit and bump still retires the old entries.
    await this.cache.bump(companyId);
    return stored;
  }
}
