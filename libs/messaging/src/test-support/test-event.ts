import { z } from 'zod';
import { defineEvent } from '@perflab/contracts';
import { uniqueName } from '@perflab/testing';

/** A throwaway event on its own topic, so parallel test files never share one. */
export function testEvent(prefix: string, partitions = 2) {
  return defineEvent({
    topic: `test.${uniqueName(prefix).toLowerCase()}.v1`,
    partitions,
    key: z.string().min(1),
    value: z.object({ id: z.string(), seq: z.number().int() }),
  });
}

/** Settings that make a group join in well under a second against the local broker. */
export const FAST_GROUP = {
  sessionTimeoutMs: 6_000, // the broker's group.min.session.timeout.ms
  rebalanceTimeoutMs: 10_000,
  heartbeatIntervalMs: 500,
  maxWaitTimeMs: 200,
  backoffMs: 20,
} as const;
