import { describe, expect, it } from 'vitest';
import {
  chatMessageSent,
  deadLetterTopicOf,
  feedbackReceived,
  notificationRequested,
  sessionCompleted,
  userRegistered,
} from '../index';

describe('event contracts', () => {
  it('user.registered.v1 accepts a registration and rejects a bad email', () => {
    const value = {
      userId: 'u-1',
      email: 'ada@example.com',
      name: 'Ada',
      role: 'USER',
      registeredAt: '2025-01-01T10:00:00.000Z',
    };
    expect(userRegistered.topic).toBe('user.registered.v1');
    expect(userRegistered.decode('u-1', JSON.stringify(value))).toEqual({ ok: true, key: 'u-1', value });
    expect(() => userRegistered.encode('u-1', { ...value, email: 'nope' })).toThrow(/email/);
    expect(() => userRegistered.encode('u-1', { ...value, registeredAt: 'yesterday' })).toThrow(/registeredAt/);
  });

  it('notification.requested.v1 allows only the four channels and optional data', () => {
    const value = {
      notificationId: 'n-1',
      userId: 'u-1',
      type: 'welcome',
      channel: 'EMAIL' as const,
      title: 'Hi',
      body: 'Welcome',
      requestedAt: '2025-01-01T10:00:00+02:00',
    };
    expect(notificationRequested.encode('u-1', value).key).toBe('u-1');
    expect(notificationRequested.encode('u-1', { ...value, data: { a: 1 }, correlationId: 'c' }).value).toContain(
      '"data":{"a":1}',
    );
    expect(() => notificationRequested.encode('u-1', { ...value, channel: 'FAX' as never })).toThrow(/channel/);
  });

  it('chat.message.sent.v1 is keyed by chat and names who was offline', () => {
    const value = {
      messageId: '0195a0c4-8a39-7000-8000-000000000001',
      chatId: 'chat_123',
      senderId: 'u-1',
      recipientIds: ['u-2', 'u-3'],
      offlineRecipientIds: ['u-3'],
      preview: 'hello',
      sentAt: '2026-11-24T00:00:00.000Z',
    };
    expect(chatMessageSent.encode('chat_123', value).key).toBe('chat_123');
    expect(chatMessageSent.decode('chat_123', JSON.stringify(value))).toEqual({ ok: true, key: 'chat_123', value });
    expect(() => chatMessageSent.encode('chat 123', { ...value, chatId: 'chat 123' })).toThrow(/key/);
    expect(() => chatMessageSent.encode('chat_123', { ...value, messageId: 'm-1' })).toThrow(/messageId/);
  });

  it('names dead-letter topics after their source', () => {
    expect(deadLetterTopicOf('user.registered.v1')).toBe('user.registered.v1.dlt');
  });

  it('impact events carry the webhook id and company, and bound what a webhook may claim', () => {
    const common = { eventId: 'msg_1', source: 'acme-hr', companyId: 'c-1', receivedAt: '2025-01-01T10:00:00Z' };
    const session = {
      ...common,
      sessionId: 's-1',
      volunteerId: 'v-1',
      participantId: 'p-1',
      programme: 'mentoring',
      startedAt: '2025-01-01T08:00:00Z',
      completedAt: '2025-01-01T09:30:00Z',
      durationMinutes: 90,
      volunteerHours: 2,
    };
    expect(sessionCompleted.encode('c-1', session).key).toBe('c-1');
    expect(() => sessionCompleted.encode('c-1', { ...session, volunteerHours: 25 })).toThrow(/volunteerHours/);
    const feedback = {
      ...common,
      feedbackId: 'f-1',
      sessionId: 's-1',
      participantId: 'p-1',
      score: 9,
      submittedAt: '2025-01-02T10:00:00Z',
    };
    expect(feedbackReceived.decode('c-1', JSON.stringify(feedback))).toEqual({ ok: true, key: 'c-1', value: feedback });
    expect(() => feedbackReceived.encode('c-1', { ...feedback, score: 11 })).toThrow(/score/);
  });
});
