import { describe, expect, it } from 'vitest';
import { userBehavior } from '../index';

describe('user.behavior.v1', () => {
  const value = {
    eventId: '0b7e3c2a-1f4d-4c1e-9a55-3b1f0f7d2a10',
    userId: 'user-42',
    productId: 'p-0007',
    action: 'add_to_cart' as const,
    at: '2026-11-23T10:00:00.000Z',
  };

  it('round-trips a behaviour keyed by user', () => {
    const encoded = userBehavior.encode('user-42', value);
    expect(encoded.key).toBe('user-42');
    expect(userBehavior.decode(encoded.key, encoded.value)).toEqual({ ok: true, key: 'user-42', value });
  });

  it('refuses an unknown action, an id with spaces and a missing event id', () => {
    expect(() => userBehavior.encode('user-42', { ...value, action: 'like' as never })).toThrow(/action/);
    expect(() => userBehavior.encode('user-42', { ...value, productId: 'p 7' })).toThrow(/productId/);
    const { eventId: _eventId, ...withoutId } = value;
    expect(userBehavior.decode('user-42', JSON.stringify(withoutId))).toMatchObject({
      ok: false,
      reason: 'invalid_value',
    });
  });
});
