import { BreakerOpenError, BreakerTimeoutError } from '@perflab/resilience';
import { describe, expect, it } from 'vitest';
import { ProviderError } from './channel-provider';
import { failureKind, failureReason } from './failure-reason';

describe('failureReason', () => {
  it('names each kind of provider failure with a bounded label', () => {
    expect(failureReason(new BreakerOpenError('provider_sms'))).toBe('breaker_open');
    expect(failureReason(new BreakerTimeoutError('provider_sms', 10))).toBe('timeout');
    expect(failureReason(new ProviderError('SMS', 'rejected'))).toBe('provider_error');
    expect(failureReason(new Error('?'))).toBe('unknown');
    expect(failureReason(undefined)).toBe('unknown');
  });
});

describe('failureKind', () => {
  it('fails only on the provider’s permanent rejection; retries its transient errors; delays on ours', () => {
    expect(failureKind(new ProviderError('SMS', 'rejected'))).toBe('rejected');
    expect(failureKind(new ProviderError('SMS', 'throttled', false))).toBe('provider');
    expect(failureKind(new BreakerTimeoutError('provider_sms', 10))).toBe('provider');
    expect(failureKind(new BreakerOpenError('provider_sms'))).toBe('infrastructure');
    expect(failureKind(new Error('Connection is closed.'))).toBe('infrastructure');
  });
});
