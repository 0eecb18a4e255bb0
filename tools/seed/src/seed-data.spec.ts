import { NOTIFICATION_CHANNELS } from '@perflab/contracts';
import { describe, expect, it } from 'vitest';
import { NOTIFICATIONS_PER_ACCOUNT, SEED_ACCOUNTS, SEED_NOTIFICATIONS, SEED_PASSWORD, seedId } from './seed-data';

// What the services' validation accepts as a user or notification id (zod's uuid: version and variant set).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('seed data', () => {
  it('starts with the 002 guide’s test user, as ADMIN, then plain users', () => {
    expect(SEED_ACCOUNTS[0]).toMatchObject({ email: 'loadtest@example.com', name: 'Load Test User', role: 'ADMIN' });
    expect(SEED_PASSWORD).toBe('LoadTest123!');
    expect(SEED_ACCOUNTS.slice(1).every((a) => a.role === 'USER')).toBe(true);
    expect(SEED_ACCOUNTS[1].email).toBe('user01@example.com');
  });

  it('uses unique, valid, recognisable ids', () => {
    const ids = [...SEED_ACCOUNTS.map((a) => a.id), ...SEED_NOTIFICATIONS.map((n) => n.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(seedId(1, 255)).toBe('5eed0001-0000-4000-8000-0000000000ff');
  });

  it('gives every account a feed with read, unread and failed notifications', () => {
    expect(SEED_NOTIFICATIONS).toHaveLength(SEED_ACCOUNTS.length * NOTIFICATIONS_PER_ACCOUNT);
    SEED_ACCOUNTS.forEach((_, a) => {
      const feed = SEED_NOTIFICATIONS.filter((n) => n.account === a);
      expect(feed).toHaveLength(NOTIFICATIONS_PER_ACCOUNT);
      expect(feed.some((n) => n.readAt !== null)).toBe(true);
      expect(feed.some((n) => n.status === 'SENT' && n.readAt === null)).toBe(true);
      expect(feed.some((n) => n.status === 'FAILED')).toBe(true);
    });
  });

  it('holds only settled notifications the services would accept', () => {
    for (const n of SEED_NOTIFICATIONS) {
      expect(['SENT', 'FAILED']).toContain(n.status);
      expect(NOTIFICATION_CHANNELS).toContain(n.channel);
      expect(n.type.length).toBeLessThanOrEqual(64);
      expect(n.title.length).toBeLessThanOrEqual(200);
      expect(n.status === 'SENT').toBe(n.sentAt !== null);
      if (n.readAt) expect(n.readAt.getTime()).toBeGreaterThan(n.createdAt.getTime());
    }
    const channels = new Set(SEED_NOTIFICATIONS.map((n) => n.channel));
    expect([...channels].sort()).toEqual([...NOTIFICATION_CHANNELS].sort());
  });

  it('takes nothing from the clock: fixed timestamps, a minute apart', () => {
    expect(SEED_NOTIFICATIONS[0].createdAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(SEED_NOTIFICATIONS[1].createdAt.getTime() - SEED_NOTIFICATIONS[0].createdAt.getTime()).toBe(60_000);
  });
});
