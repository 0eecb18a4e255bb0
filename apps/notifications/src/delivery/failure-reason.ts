/** A bounded label for notifications_failed_total{reason}. */
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
