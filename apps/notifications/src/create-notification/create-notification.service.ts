import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@perflab/auth-guard';
import { OutboxRelay } from '@perflab/messaging';
import { notificationsAcceptedTotal } from '../notifications.metrics';
import { assertCanAccess } from '../shared/access';
import type { NotificationRequest } from '../shared/notification.fields';
import type { NewNotification } from '../shared/notification.model';
import { NotificationRepository } from '../shared/notification.repository';
import { onceForKey, requestHash } from '../idempotency/idempotency-keys';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import type { Accepted } from './accepted.response';

export type { Accepted } from './accepted.response';

export function toNewNotification(request: NotificationRequest): NewNotification {
  return {
    id: randomUUID(),
    userId: request.userId,
    type: request.type,
    channel: request.channel,
    title: request.title,
    body: request.body,
    data: request.data,
    scheduledFor: request.scheduledFor ? new Date(request.scheduledFor) : undefined,
    correlationId: request.correlationId,
  };
}

/**
 * 202 means durable: the rows and their notification.requested messages are committed in
 * one statement (the transactional outbox; Postgres down → 503 with Retry-After, nothing
 * accepted), and the answer goes right after the commit. The relay, nudged here, publishes
 * the messages with acks=all; while Kafka is down they wait in the outbox, so an accepted
 * notification is never lost and a request never waits for Kafka.
 */
@Injectable()
export class CreateNotificationService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly outbox: OutboxRelay,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  async create(
    user: AuthenticatedUser,
    requests: NotificationRequest[],
    fieldOf: (index: number) => string,
    idempotency?: { key: string; endpoint: string },
  ): Promise<Accepted[]> {
    requests.forEach((request, index) => assertCanAccess(user, request.userId, fieldOf(index)));
    const items = requests.map(toNewNotification);
    const accepted = idempotency
      ? await this.repository.transaction((tx) =>
          onceForKey(
            tx,
            {
              userId: user.id,
              key: idempotency.key,
              // The endpoint is part of the request: a batch and a single create never share a key's answer.
              hash: requestHash([idempotency.endpoint, requests]),
              ttlSeconds: this.config.IDEMPOTENCY_KEY_TTL_SECONDS,
            },
            async () => toAccepted(await this.repository.insertMany(items, new Date(), tx)),
          ),
        )
      : toAccepted(await this.repository.insertMany(items));
    this.outbox.nudge();
    return accepted;
  }
}

function toAccepted(rows: { id: string; channel: string; status: string }[]): Accepted[] {
  for (const row of rows) notificationsAcceptedTotal.inc({ channel: row.channel, status: row.status });
  return rows.map((row) => ({ id: row.id, status: row.status as Accepted['status'] }));
}
