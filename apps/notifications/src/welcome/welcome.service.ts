import { Injectable } from '@nestjs/common';
import type { UserRegistered } from '@perflab/contracts';
import { OutboxRelay } from '@perflab/messaging';
import { z } from 'zod';
import { notificationsAcceptedTotal } from '../notifications.metrics';
import { NotificationRepository } from '../shared/notification.repository';
import { welcomeNotificationId } from './welcome-id';

/** A user id this service cannot store (not a UUID): retrying will not help, dead-letter it. */
class UnusableUserIdError extends Error {
  readonly retryable = false;
  constructor(userId: string) {
    super(`user.registered carries a user id that is not a UUID: ${JSON.stringify(userId).slice(0, 80)}`);
    this.name = 'UnusableUserIdError';
  }
}

const uuid = z.uuid();

/** auth's user.registered → one IN_APP welcome notification, exactly once per user. */
@Injectable()
export class WelcomeService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly outbox: OutboxRelay,
  ) {}

  async welcome(event: UserRegistered): Promise<string | undefined> {
    if (!uuid.safeParse(event.userId).success) throw new UnusableUserIdError(event.userId);
    const rows = await this.repository.insertMany([
      {
        id: welcomeNotificationId(event.userId),
        userId: event.userId,
        type: 'welcome',
        channel: 'IN_APP',
        title: `Welcome, ${event.name}`.slice(0, 200),
        body: 'Your account is ready.',
        data: { registeredAt: event.registeredAt },
      },
    ]);
    // A redelivery inserts nothing (same id): no outbox message, nothing sent twice.
    if (rows.length === 0) return undefined;
    notificationsAcceptedTotal.inc({ channel: 'IN_APP', status: 'PENDING' });
    this.outbox.nudge();
    return rows[0].id;
  }
}
