/** A bounded label for notifications_failed_total{reason} and notifications_deferred_total{reason}. */
export function failureReason(error: unknown): 'breaker_open' | 'timeout' | 'provider_error' | 'unknown' {
  switch ((error as { name?: string })?.name) {
    case 'BreakerOpenError':
      return 'breaker_open';
    case 'BreakerTimeoutError':
      return 'timeout';
    case 'ProviderError':
      return 'provider_error';
    default:
      return 'unknown';
  }
}

/**
 * Who failed, which decides what delivery does next:
 * - `rejected`: the provider's own permanent rejection → FAILED + dead-letter at once;
 * - `provider`: the provider's transient error or timeout → retried within the delivery budget;
 * - `infrastructure`: ours (Redis, Postgres, Kafka) or an open breaker → delayed, never FAILED.
 */
export function failureKind(error: unknown): 'rejected' | 'provider' | 'infrastructure' {
  const { name, permanent } = (error ?? {}) as { name?: string; permanent?: boolean };
  if (name === 'ProviderError') return permanent === false ? 'provider' : 'rejected';
  if (name === 'BreakerTimeoutError') return 'provider';
  return 'infrastructure';
}
