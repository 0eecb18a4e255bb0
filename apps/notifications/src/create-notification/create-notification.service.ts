import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@perflab/auth-guard';
import { OutboxRelay } from '@perflab/messaging';
import { notificationsAcceptedTotal } from '../notifications.metrics';
import { assertCanAccess } from '../shared/access';
import type { NotificationRequest } from '../shared/notification.fields';
import type { NewNotification } from '../shared/notification.model';
import { NotificationRepository } from '../shared/notification.repository';

export interface Accepted {
  id: string;
  status: 'PENDING' | 'SCHEDULED';
}

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
  ) {}

  async create(
    user: AuthenticatedUser,
    requests: NotificationRequest[],
    fieldOf: (index: number) => string,
  ): Promise<Accepted[]> {
    requests.forEach((request, index) => assertCanAccess(user, request.userId, fieldOf(index)));
    const rows = await this.repository.insertMany(requests.map(toNewNotification));
    for (const row of rows) notificationsAcceptedTotal.inc({ channel: row.channel, status: row.status });
    this.outbox.nudge();
    return rows.map((row) => ({ id: row.id, status: row.status as Accepted['status'] }));
  }
}
