import { BreakerOpenError, BreakerTimeoutError } from '@perflab/resilience';
import { describe, expect, it } from 'vitest';
import { ProviderError } from './channel-provider';
import { failureReason } from './failure-reason';

describe('failureReason', () => {
  it('names each kind of provider failure with a bounded label', () => {
    expect(failureReason(new BreakerOpenError('provider_sms'))).toBe('breaker_open');
    expect(failureReason(new BreakerTimeoutError('provider_sms', 10))).toBe('timeout');
    expect(failureReason(new ProviderError('SMS', 'rejected'))).toBe('provider_error');
    expect(failureReason(new Error('?'))).toBe('unknown');
    expect(failureReason(undefined)).toBe('unknown');
  });
});
