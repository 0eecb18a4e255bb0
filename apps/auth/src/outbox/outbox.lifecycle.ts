import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { userRegistered } from '@perflab/contracts';
import { declareTopics, EventPublisher, type KafkaClient } from '@perflab/messaging';
import { OUTBOX_KAFKA } from './outbox.tokens';
import { OutboxRelay } from './outbox.relay';

/**
 * Auth starts and registers users while Kafka is down (the outbox keeps the events), so
 * Kafka is not a start-up dependency: topics are declared in the background, retried
 * until Kafka answers, and the relay starts at once (publishing fails until then).
 */
@Injectable()
export class OutboxLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly publisher: EventPublisher,
    @Inject(OUTBOX_KAFKA) private readonly kafka: KafkaClient,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    void this.declareTopics();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.relay.stop();
    await this.publisher.disconnect().catch(() => undefined);
    await this.kafka.disconnect().catch(() => undefined);
  }

  private async declareTopics(): Promise<void> {
    try {
      await declareTopics(this.kafka, [{ event: userRegistered, partitions: 6 }]);
      this.relay.nudge();
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`Kafka not ready (${(error as Error).message}); user.registered events wait in the outbox`);
      this.retry = setTimeout(() => void this.declareTopics(), 5_000);
      this.retry.unref();
    }
  }
}
