import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import './kafka';

// The bench's Kafka admin comes from the messaging lib's factory, so it runs with the lib's
// guard against kafkajs's idle 1 ms re-check loop (one guard, one place).
describe('the bench Kafka collector', () => {
  it('runs with the messaging lib request-queue idle guard', () => {
    const { prototype } = createRequire(__filename)('kafkajs/src/network/requestQueue') as {
      prototype: { scheduleCheckPendingRequests: { idleFix?: boolean } };
    };
    expect(prototype.scheduleCheckPendingRequests.idleFix).toBe(true);
  });
});
