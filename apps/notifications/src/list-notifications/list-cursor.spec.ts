import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './list-cursor';

describe('list cursor', () => {
  const cursor = { createdAt: new Date('2026-11-23T10:00:00.123Z'), id: '0b7e3c1e-5a4f-4c1d-9e2a-3f4b5c6d7e8f' };

  it('round-trips the last row of a page', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('is URL-safe', () => {
    expect(encodeCursor(cursor)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['no id', Buffer.from('2026-11-23T10:00:00.123Z').toString('base64url')],
    ['bad id', Buffer.from('2026-11-23T10:00:00.123Z|x').toString('base64url')],
    ['bad date', Buffer.from(`yesterday|${cursor.id}`).toString('base64url')],
    ['extra part', Buffer.from(`2026-11-23T10:00:00.123Z|${cursor.id}|x`).toString('base64url')],
  ])('refuses %s', (_, text) => {
    expect(decodeCursor(text)).toBeNull();
  });
});
