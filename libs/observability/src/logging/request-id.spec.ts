import { describe, expect, it } from 'vitest';
import { requestIdFor } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it("keeps the caller's x-request-id", () => {
    expect(requestIdFor({ headers: { 'x-request-id': 'k6-vu12-iter3' } })).toBe('k6-vu12-iter3');
  });

  it('generates a UUID when the header is missing', () => {
    const a = requestIdFor({ headers: {} });
    const b = requestIdFor({ headers: {} });
    expect(a).toMatch(UUID);
    expect(b).not.toBe(a);
  });

  it('replaces ids that are too long or carry odd characters', () => {
    for (const bad of ['x'.repeat(129), 'a b', 'a\nb', '<script>', '']) {
      expect(requestIdFor({ headers: { 'x-request-id': bad } }), JSON.stringify(bad)).toMatch(UUID);
    }
  });
});
