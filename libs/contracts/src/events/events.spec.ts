import { describe, expect, it } from 'vitest';
import { deadLetterTopicOf, notificationRequested, userRegistered } from '../index';

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

  it('names dead-letter topics after their source', () => {
    expect(deadLetterTopicOf('user.registered.v1')).toBe('user.registered.v1.dlt');
  });
});
