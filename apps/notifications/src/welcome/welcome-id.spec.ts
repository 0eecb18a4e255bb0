import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { welcomeNotificationId } from './welcome-id';

describe('welcomeNotificationId', () => {
  it('is a valid UUID, the same for the same user and different for another', () => {
    const a = welcomeNotificationId('2f1e7b1c-1111-4222-8333-444455556666');
    expect(z.uuid().safeParse(a).success).toBe(true);
    expect(a[14]).toBe('5');
    expect(welcomeNotificationId('2f1e7b1c-1111-4222-8333-444455556666')).toBe(a);
    expect(welcomeNotificationId('2f1e7b1c-1111-4222-8333-444455556667')).not.toBe(a);
  });
});
