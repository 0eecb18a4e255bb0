export {
  BreakerOpenError,
  BreakerTimeoutError,
  DependencyBreaker,
  type BreakerOptions,
  type BreakerState,
} from './dependency-breaker';
export { backoffDelay } from './backoff';
